package io.fugue.testing.keyvault;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gives the managed-identity code inside this JVM an {@code IDENTITY_ENDPOINT} / {@code IDENTITY_HEADER}, which
 * only a process's real environment normally can.
 * <p>
 * Why this is needed: azure-identity 1.18 hands every managed-identity source to msal4j, and msal4j picks the source
 * and reads the endpoint through its {@code IEnvironmentVariables}, whose only implementation is
 * {@code System.getenv}; azure-identity's {@code Configuration} (which also sees system properties) is not passed
 * down, so neither system properties nor {@code DefaultAzureCredentialBuilder.configuration(...)} reach it. msal4j
 * has a package-private hook for its own tests, {@code ManagedIdentityApplication.setEnvironmentVariables}; through
 * it we install a view that answers the given variables and falls back to the real environment. The credential the
 * application builds is untouched: {@code new DefaultAzureCredentialBuilder()...build()} just works.
 * <p>
 * The hook is a static of each loaded msal4j class, so it is installed in every class loader given (a Quarkus
 * test's application class loader included), and views in different class loaders do not disturb each other.
 * Installing checks that msal4j then sees an App Service / Container Apps source, so that a changed msal4j fails
 * loudly instead of falling back to IMDS.
 * <p>
 * Only for one JVM: an application launched as a separate process (a {@code @QuarkusIntegrationTest} runner) needs
 * real environment variables.
 */
public final class ManagedIdentityEnvironment {

    public static final String IDENTITY_ENDPOINT = "IDENTITY_ENDPOINT";
    public static final String IDENTITY_HEADER = "IDENTITY_HEADER";

    private static final String MSAL_APPLICATION = "com.microsoft.aad.msal4j.ManagedIdentityApplication";
    private static final String MSAL_ENVIRONMENT = "com.microsoft.aad.msal4j.IEnvironmentVariables";

    private ManagedIdentityEnvironment() {
    }

    /**
     * Makes msal4j, as loaded by this class's loader and each given one, see the variables.
     *
     * @param environment {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, e.g.
     *        {@link KeyVaultEmulator#managedIdentityEnvironment()}
     * @param classLoaders where the code under test loads msal4j from
     */
    public static synchronized void install(Map<String, String> environment, ClassLoader... classLoaders) {
        Map<String, String> variables = Map.copyOf(environment);
        for (Class<?> application : msalApplications(classLoaders)) {
            setEnvironmentView(application, environmentView(application, variables));
            String source = managedIdentitySource(application);
            if (!"APP_SERVICE".equals(source)) {
                throw new IllegalStateException("msal4j picked managed-identity source " + source
                        + " instead of APP_SERVICE; is IDENTITY_SERVER_THUMBPRINT set in the environment?");
            }
        }
    }

    /** Gives msal4j back its own view of the environment. */
    public static synchronized void uninstall(ClassLoader... classLoaders) {
        for (Class<?> application : msalApplications(classLoaders)) {
            setEnvironmentView(application, null);
        }
    }

    private static List<Class<?>> msalApplications(ClassLoader... extra) {
        Set<ClassLoader> loaders = new LinkedHashSet<>();
        loaders.add(ManagedIdentityEnvironment.class.getClassLoader());
        for (ClassLoader loader : extra) {
            if (loader != null) {
                loaders.add(loader);
            }
        }
        Set<Class<?>> classes = new LinkedHashSet<>();
        for (ClassLoader loader : loaders) {
            try {
                classes.add(Class.forName(MSAL_APPLICATION, true, loader));
            } catch (ClassNotFoundException e) {
                // This loader cannot see msal4j, so nothing it loads uses managed identity.
            }
        }
        if (classes.isEmpty()) {
            throw new IllegalStateException("msal4j is not on the class path");
        }
        return new ArrayList<>(classes);
    }

    private static Object environmentView(Class<?> application, Map<String, String> variables) {
        try {
            Class<?> view = Class.forName(MSAL_ENVIRONMENT, false, application.getClassLoader());
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "getEnvironmentVariable" -> variables.containsKey((String) args[0])
                        ? variables.get((String) args[0])
                        : System.getenv((String) args[0]);
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "Key Vault emulator's managed-identity environment";
                default -> throw new UnsupportedOperationException(method.getName());
            };
            return Proxy.newProxyInstance(view.getClassLoader(), new Class<?>[] { view }, handler);
        } catch (ClassNotFoundException e) {
            throw unsupported(e);
        }
    }

    private static void setEnvironmentView(Class<?> application, Object view) {
        try {
            Class<?> type = Class.forName(MSAL_ENVIRONMENT, false, application.getClassLoader());
            Method setter = application.getDeclaredMethod("setEnvironmentVariables", type);
            setter.setAccessible(true);
            setter.invoke(null, view);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw unsupported(e);
        }
    }

    private static String managedIdentitySource(Class<?> application) {
        try {
            return String.valueOf(application.getMethod("getManagedIdentitySource").invoke(null));
        } catch (InvocationTargetException e) {
            throw unsupported(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw unsupported(e);
        }
    }

    private static IllegalStateException unsupported(Throwable cause) {
        return new IllegalStateException("This msal4j version has no ManagedIdentityApplication.setEnvironmentVariables"
                + "(IEnvironmentVariables) hook; set IDENTITY_ENDPOINT and IDENTITY_HEADER as real environment variables"
                + " of the test JVM instead", cause);
    }
}
