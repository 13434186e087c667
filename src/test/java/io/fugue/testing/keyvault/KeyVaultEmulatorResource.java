package io.fugue.testing.keyvault;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link KeyVaultEmulator} for Quarkus tests: vaults {@value #VAULT} and {@value #SECOND_VAULT}, with
 * {@value #DB_USERNAME}, {@value #DB_PASSWORD} and a random 64-hex {@value #SESSION_SIGNING_KEY} seeded in
 * {@value #VAULT}. It makes this JVM trust the emulator and lets {@code DefaultAzureCredential} find the identity
 * endpoint (see {@link ManagedIdentityEnvironment}), and returns the same settings as configuration so that a
 * {@code @QuarkusIntegrationTest} passes them to the launched application as {@code -D} options.
 * <p>
 * For a launched application, {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER} must be real environment
 * variables known before this resource starts: give the identity endpoint a fixed port and header with the system
 * properties {@value #IDENTITY_PORT_PROPERTY} and {@value #IDENTITY_HEADER_PROPERTY}, and pass the matching
 * variables with {@code quarkus.test.env.IDENTITY_ENDPOINT} / {@code quarkus.test.env.IDENTITY_HEADER}.
 */
public class KeyVaultEmulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String VAULT = "fugue-kv";
    public static final String SECOND_VAULT = "second-kv";
    public static final String DB_USERNAME = "db-username";
    public static final String DB_PASSWORD = "db-password";
    public static final String SESSION_SIGNING_KEY = "session-signing-key";
    public static final String IDENTITY_PORT_PROPERTY = "fugue.test.keyvault.identity-port";
    public static final String IDENTITY_HEADER_PROPERTY = "fugue.test.keyvault.identity-header";

    private static final String HOSTS_FILE = "jdk.net.hosts.file";

    private KeyVaultEmulator emulator;

    @Override
    public Map<String, String> start() {
        emulator = KeyVaultEmulator.builder()
                .vaults(VAULT, SECOND_VAULT)
                .identityPort(Integer.getInteger(IDENTITY_PORT_PROPERTY, 0))
                .identityHeader(System.getProperty(IDENTITY_HEADER_PROPERTY))
                .start();
        emulator.setSecret(VAULT, DB_USERNAME, "fugue");
        emulator.setSecret(VAULT, DB_PASSWORD, "fugue");
        emulator.setSecret(VAULT, SESSION_SIGNING_KEY, RunCertificateAuthority.randomHex(32));

        JvmTrust.install(emulator.trustStore());
        JvmTrust.verify(emulator);
        ManagedIdentityEnvironment.install(emulator.managedIdentityEnvironment(),
                Thread.currentThread().getContextClassLoader());

        Map<String, String> config = new HashMap<>();
        config.put("fugue.keyvault.endpoint", emulator.vaultUrl(VAULT));
        config.putAll(emulator.trustStore().systemProperties());
        config.putAll(emulator.managedIdentityEnvironment());
        // A launched application resolves *.localhost through the same hosts file, given at its JVM start.
        if (System.getProperty(HOSTS_FILE) != null) {
            config.put(HOSTS_FILE, System.getProperty(HOSTS_FILE));
        }
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(emulator,
                new TestInjector.AnnotatedAndMatchesType(InjectKeyVaultEmulator.class, KeyVaultEmulator.class));
    }

    @Override
    public void stop() {
        if (emulator != null) {
            ManagedIdentityEnvironment.uninstall(Thread.currentThread().getContextClassLoader());
            JvmTrust.uninstall();
            emulator.close();
            emulator = null;
        }
    }
}
