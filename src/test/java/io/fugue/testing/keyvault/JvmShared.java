package io.fugue.testing.keyvault;

import java.util.Properties;
import java.util.function.Supplier;

/**
 * Values made once per JVM and shared by every class loader that loads this package.
 * <p>
 * A surefire JVM runs plain tests in the application class loader and {@code @QuarkusTest}s in Quarkus' own, each
 * with its own copy of every static field. The emulator's CA, token key, tenant and system-assigned identity must
 * nevertheless be one per JVM: the JDK trusts only the trust store it saw first, and msal4j caches tokens for the
 * JVM's lifetime. System properties are the one store all class loaders share.
 */
final class JvmShared {

    private static final String PREFIX = "fugue.test.keyvault-emulator.";

    private JvmShared() {
    }

    static String get(String key, Supplier<String> create) {
        Properties properties = System.getProperties();
        synchronized (properties) {
            String value = properties.getProperty(PREFIX + key);
            if (value == null) {
                value = create.get();
                properties.setProperty(PREFIX + key, value);
            }
            return value;
        }
    }

    /** Records {@code port} as used by a vault of this JVM; false when an earlier emulator of this JVM used it. */
    static boolean claimVaultPort(int port) {
        Properties properties = System.getProperties();
        synchronized (properties) {
            String used = properties.getProperty(PREFIX + "vault-ports", ",");
            String entry = "," + port + ",";
            if (used.contains(entry)) {
                return false;
            }
            properties.setProperty(PREFIX + "vault-ports", used + port + ",");
            return true;
        }
    }
}
