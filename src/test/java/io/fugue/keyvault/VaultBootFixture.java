package io.fugue.keyvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.fugue.testing.keyvault.JvmTrust;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.fugue.testing.keyvault.ManagedIdentityEnvironment;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.LoggingConfigSourceInterceptor;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Boots a configuration the way Quarkus does at runtime init — the real {@link KeyVaultConfigSourceFactory}, Azure
 * SDK and {@code DefaultAzureCredential} (managed-identity flow) — against a Key Vault emulator serving
 * {@value #VAULT} and {@value #SECOND_VAULT}.
 * <p>
 * Each fixture has its own emulator port (the SDK caches a vault's challenge per host and port, JVM-wide) and its own
 * user-assigned identity (msal4j caches managed-identity tokens per identity, JVM-wide), so counters start at zero.
 * <p>
 * A test class whose every test needs one registers it as an instance field with {@code @RegisterExtension}: each
 * test gets a fresh fixture, closed after it. A test that needs one alone uses it in try-with-resources.
 */
final class VaultBootFixture implements AfterEachCallback, AutoCloseable {

    static final String VAULT = KeyVaultEmulatorResource.VAULT;
    static final String SECOND_VAULT = KeyVaultEmulatorResource.SECOND_VAULT;
    static final String ENDPOINT = "fugue.keyvault.endpoint";
    static final String CLIENT_ID = "fugue.keyvault.managed-identity-client-id";
    static final String BOOT_TIMEOUT = "fugue.keyvault.boot-timeout";

    final KeyVaultEmulator emulator;
    final String clientId = UUID.randomUUID().toString();

    VaultBootFixture() {
        emulator = KeyVaultEmulator.start(VAULT, SECOND_VAULT);
        JvmTrust.install(emulator.trustStore());
        JvmTrust.verify(emulator);
        ManagedIdentityEnvironment.install(emulator.managedIdentityEnvironment());
    }

    /** Stores a value no log line could contain by chance, and returns it. */
    String seed(String vault, String name) {
        String value = unguessable(name);
        emulator.setSecret(vault, name, value);
        return value;
    }

    static String unguessable(String hint) {
        return hint + "-value-" + UUID.randomUUID();
    }

    /** {@code fugue.keyvault.*} pointing at this emulator with this fixture's identity. */
    Map<String, String> keyVaultSettings() {
        return Map.of(ENDPOINT, emulator.vaultUrl(VAULT), CLIENT_ID, clientId);
    }

    /** Boots with these {@code application.properties} (plus {@link #keyVaultSettings()}) in the prod profile. */
    SmallRyeConfig boot(Map<String, String> applicationProperties) {
        return boot(applicationProperties, Map.of());
    }

    /** As {@link #boot(Map)}, with environment variables that win over {@code application.properties}. */
    SmallRyeConfig boot(Map<String, String> applicationProperties, Map<String, String> environment) {
        return boot(applicationProperties, environment, Map.of());
    }

    /** As {@link #boot(Map, Map)}, with system properties that win over both. */
    SmallRyeConfig boot(Map<String, String> applicationProperties, Map<String, String> environment,
            Map<String, String> systemProperties) {
        Map<String, String> properties = new HashMap<>(keyVaultSettings());
        properties.putAll(applicationProperties);
        return build(properties, environment, systemProperties);
    }

    /**
     * As {@link #boot(Map)}, with the interceptors a Quarkus application has on top: fugue's secret keys (discovered
     * through {@code META-INF/services}) and SmallRye's config logging, switched on as
     * {@code smallrye.config.log.values=true} does.
     */
    SmallRyeConfig bootAsQuarkus(Map<String, String> applicationProperties) {
        return bootAsQuarkus(applicationProperties, Map.of(), false);
    }

    /** As {@link #bootAsQuarkus(Map)}, with environment variables that win over {@code application.properties}. */
    SmallRyeConfig bootAsQuarkus(Map<String, String> applicationProperties, Map<String, String> environment) {
        return bootAsQuarkus(applicationProperties, environment, false);
    }

    /** {@link #bootAsQuarkus(Map)} with every locked read taken for one of the Dev UI's. */
    SmallRyeConfig bootAsQuarkusReadByTheDevUi(Map<String, String> applicationProperties) {
        return bootAsQuarkus(applicationProperties, Map.of(), true);
    }

    private SmallRyeConfig bootAsQuarkus(Map<String, String> applicationProperties, Map<String, String> environment,
            boolean devUiRead) {
        Map<String, String> properties = new HashMap<>(keyVaultSettings());
        properties.putAll(applicationProperties);
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withInterceptorFactories(new SecretPropertiesInterceptorFactory(() -> devUiRead))
                .withInterceptors(new LoggingConfigSourceInterceptor(true))
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(properties, "application.properties", 250),
                        new EnvConfigSource(environment, 300))
                .withSources(new KeyVaultConfigSourceFactory(() -> true))
                .build();
    }

    static SmallRyeConfig build(Map<String, String> applicationProperties, Map<String, String> environment) {
        return build(applicationProperties, environment, Map.of());
    }

    /**
     * The configuration Quarkus builds: {@code application.properties} (ordinal 250), environment variables (300),
     * system properties (400) and the Key Vault factory, in the prod profile. Throws what the factory throws.
     */
    static SmallRyeConfig build(Map<String, String> applicationProperties, Map<String, String> environment,
            Map<String, String> systemProperties) {
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withProfile("prod")
                .withSources(new PropertiesConfigSource(applicationProperties, "application.properties", 250),
                        new EnvConfigSource(environment, 300),
                        new PropertiesConfigSource(systemProperties, "system properties", 400))
                .withSources(new KeyVaultConfigSourceFactory(() -> true))
                .build();
    }

    /** A loopback port nothing listens on. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        ManagedIdentityEnvironment.uninstall();
        JvmTrust.uninstall();
        emulator.close();
    }
}
