package io.fugue.testing.keyvault;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the trust store holding the emulator's certificate authority lives, in the form the JVM's standard
 * {@code javax.net.ssl.trustStore*} properties take. Setting them is how the SDK (and anything else using the
 * default {@code SSLContext}) comes to trust the emulator: no trust-all anywhere.
 */
public record TrustStoreSettings(Path path, String password, String type) {

    public static final String TRUST_STORE = "javax.net.ssl.trustStore";
    public static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";
    public static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

    /** The three standard system properties, ready for {@code System.setProperty} or a launcher's {@code -D}. */
    public Map<String, String> systemProperties() {
        return Map.of(
                TRUST_STORE, path.toAbsolutePath().toString(),
                TRUST_STORE_PASSWORD, password,
                TRUST_STORE_TYPE, type);
    }
}
