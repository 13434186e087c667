package io.fugue.keyvault.nativeimage;

import java.lang.reflect.Modifier;

import org.graalvm.nativeimage.hosted.Feature;
import org.graalvm.nativeimage.hosted.RuntimeReflection;

/**
 * Native image only: what the Azure SDK needs beyond the configuration its jars ship, registered for every class the
 * analysis finds reachable, so there is no list to keep in step with SDK upgrades:
 * <ul>
 * <li>{@code ExpandableStringEnum} subclasses (the SDK's open enums: {@code HttpHeaderName},
 * {@code AzureIdentityEnvVars}, …) are instantiated through their no-argument constructor by reflection; without
 * registration their constants are {@code null}.</li>
 * <li>{@code JsonSerializable} models ({@code SecretBundle}, …) are read through their static {@code fromJson},
 * which azure-core finds by reflection; without registration it falls back to Jackson, which cannot build them.</li>
 * </ul>
 * Enabled by {@code META-INF/native-image/io.fugue/fugue/native-image.properties}.
 */
public final class AzureSdkFeature implements Feature {

    private static final String EXPANDABLE_STRING_ENUM = "com.azure.core.util.ExpandableStringEnum";
    private static final String JSON_SERIALIZABLE = "com.azure.json.JsonSerializable";

    @Override
    public void beforeAnalysis(BeforeAnalysisAccess access) {
        Class<?> expandable = access.findClassByName(EXPANDABLE_STRING_ENUM);
        if (expandable != null) {
            access.registerSubtypeReachabilityHandler((duringAnalysis, type) -> {
                if (!Modifier.isAbstract(type.getModifiers())) {
                    RuntimeReflection.register(type);
                    RuntimeReflection.register(type.getDeclaredConstructors());
                }
            }, expandable);
        }
        Class<?> serializable = access.findClassByName(JSON_SERIALIZABLE);
        if (serializable != null) {
            access.registerSubtypeReachabilityHandler((duringAnalysis, type) -> {
                RuntimeReflection.register(type);
                RuntimeReflection.register(type.getDeclaredMethods());
            }, serializable);
        }
    }
}
