package io.fugue.testing.keyvault;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
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
 * {@code System.getenv}; azure-identity's {@code Configuration} (which does see system properties) is not passed
 * down. msal4j has a package-private hook, {@code ManagedIdentityApplication.setEnvironmentVariables}, for exactly
 * this in its own tests. We install, through it, a view that reads a system property first and the real environment
 * second (the precedence azure-core's {@code Configuration} uses), and set the two system properties. The credential
 * built by the application is untouched: {@code new DefaultAzureCredentialBuilder()...build()} just works.
 * <p>
 * The hook is static per loaded msal4j class, so it is installed in every class loader given (a Quarkus test's
 * application class loader included). Installing checks that msal4j now sees an App Service / Container Apps
 * source, so a changed msal4j fails loudly instead of falling back to IMDS.
 * <p>
 * Only for one JVM: an application launched as a separate process (a {@code @QuarkusIntegrationTest} runner) needs
 * real environment variables.
 */
public final class ManagedIdentityEnvironment {

    public static final String IDENTITY_ENDPOINT = "IDENTITY_ENDPOINT";
    public static final String IDENTITY_HEADER = "IDENTITY_HEADER";

    private static final String MSAL_APPLICATION = "com.microsoft.aad.msal4j.ManagedIdentityApplication";
    private static final String MSAL_ENVIRONMENT = "com.microsoft.aad.msal4j.IEnvironmentVariables";
    private static final Map<String, String> PREVIOUS = new HashMap<>();

    private ManagedIdentityEnvironment() {
    }

    /**
     * Sets the variables as system properties and makes msal4j, as loaded by each class loader, read them.
     *
     * @param environment {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}, e.g.
     *        {@link KeyVaultEmulator#managedIdentityEnvironment()}
     * @param classLoaders where the code under test loads msal4j from; this class's own loader is always included
     */
    public static synchronized void install(Map<String, String> environment, ClassLoader... classLoaders) {
        environment.forEach((name, value) -> {
            PREVIOUS.putIfAbsent(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        for (Class<?> application : msalApplications(classLoaders)) {
            setEnvironmentView(application, systemPropertiesThenEnvironment(application));
            String source = managedIdentitySource(application);
            if (!"APP_SERVICE".equals(source)) {
                throw new IllegalStateException("msal4j picked managed-identity source " + source
                        + " instead of APP_SERVICE; is IDENTITY_SERVER_THUMBPRINT set in the environment?");
            }
        }
    }

    /** Restores msal4j's own environment view and the system properties as they were before {@link #install}. */
    public static synchronized void uninstall(ClassLoader... classLoaders) {
        for (Class<?> application : msalApplications(classLoaders)) {
            setEnvironmentView(application, null);
        }
        PREVIOUS.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        PREVIOUS.clear();
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

    private static Object systemPropertiesThenEnvironment(Class<?> application) {
        try {
            Class<?> view = Class.forName(MSAL_ENVIRONMENT, false, application.getClassLoader());
            InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
                case "getEnvironmentVariable" -> {
                    String name = (String) args[0];
                    String property = System.getProperty(name);
                    yield property != null ? property : System.getenv(name);
                }
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                case "toString" -> "system properties, then environment";
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
