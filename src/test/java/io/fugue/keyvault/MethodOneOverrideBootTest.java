package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.BOOT_TIMEOUT;
import static io.fugue.keyvault.VaultBootFixture.ENDPOINT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.SmallRyeConfig;

/**
 * Method 1: a value given by an environment variable wins over a {@code ${kv//…}} reference in
 * {@code application.properties}, and that secret is never fetched.
 */
class MethodOneOverrideBootTest {

    private static final Map<String, String> PROD_REFERENCES = Map.of(
            "%prod.quarkus.datasource.username", "${kv//db-username}",
            "%prod.quarkus.datasource.password", "${kv//db-password}",
            "%prod.fugue.session.signing-key", "${kv//session-signing-key}");

    @Test
    void overriddenReferencesAreNotFetched() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            String username = vaults.seed(VAULT, "db-username");
            vaults.seed(VAULT, "db-password");
            vaults.seed(VAULT, "session-signing-key");
            String fromEnvironment = VaultBootFixture.unguessable("env-password");
            String fromSystemProperty = VaultBootFixture.unguessable("sysprop-signing-key");

            SmallRyeConfig config = vaults.boot(PROD_REFERENCES,
                    Map.of("QUARKUS_DATASOURCE_PASSWORD", fromEnvironment),
                    Map.of("fugue.session.signing-key", fromSystemProperty));

            assertEquals(fromEnvironment, config.getValue("quarkus.datasource.password", String.class));
            assertEquals(fromSystemProperty, config.getValue("fugue.session.signing-key", String.class));
            assertEquals(username, config.getValue("quarkus.datasource.username", String.class));
            assertEquals(0, vaults.emulator.counters().secretGets("db-password"));
            assertEquals(0, vaults.emulator.counters().secretGets("session-signing-key"));
            assertEquals(1, vaults.emulator.counters().secretGets("db-username"));
        }
    }

    @Test
    void bootNeedsNoVaultWhenEveryReferenceIsOverridden() {
        Map<String, String> properties = new HashMap<>(PROD_REFERENCES);
        // Nothing listens there: any attempt to reach the vault fails.
        properties.put(ENDPOINT, "https://fugue-kv.localhost:" + VaultBootFixture.closedPort() + "/");
        properties.put(BOOT_TIMEOUT, "PT1S");
        Map<String, String> environment = Map.of(
                "QUARKUS_DATASOURCE_USERNAME", "fugue",
                "QUARKUS_DATASOURCE_PASSWORD", VaultBootFixture.unguessable("env-password"),
                "FUGUE_SESSION_SIGNING_KEY", VaultBootFixture.unguessable("env-signing-key"));

        SmallRyeConfig config = VaultBootFixture.build(properties, environment);

        assertEquals("fugue", config.getValue("quarkus.datasource.username", String.class));
        assertEquals(environment.get("QUARKUS_DATASOURCE_PASSWORD"),
                config.getValue("quarkus.datasource.password", String.class));
        assertEquals(environment.get("FUGUE_SESSION_SIGNING_KEY"),
                config.getValue("fugue.session.signing-key", String.class));
        // The same boot with one variable fewer does reach for the (unreachable) vault.
        Map<String, String> oneFewer = new HashMap<>(environment);
        oneFewer.remove("FUGUE_SESSION_SIGNING_KEY");
        assertThrows(KeyVaultResolutionException.class, () -> VaultBootFixture.build(properties, oneFewer));
    }

    @Test
    void aReferenceAsTheDefaultOfAVariableIsNotFetchedWhenTheVariableIsSet() {
        Map<String, String> properties = Map.of(
                ENDPOINT, "https://fugue-kv.localhost:" + VaultBootFixture.closedPort() + "/",
                BOOT_TIMEOUT, "PT1S",
                "quarkus.datasource.password", "${DB_PASSWORD:${kv//db-password}}");
        String fromEnvironment = VaultBootFixture.unguessable("env-password");

        SmallRyeConfig config = VaultBootFixture.build(properties, Map.of("DB_PASSWORD", fromEnvironment));

        assertEquals(fromEnvironment, config.getValue("quarkus.datasource.password", String.class));
        // Unset, the default applies, and the (unreachable) vault is asked at boot.
        assertThrows(KeyVaultResolutionException.class, () -> VaultBootFixture.build(properties, Map.of()));
    }
}
