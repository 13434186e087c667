package io.fugue.keyvault;

import static io.fugue.keyvault.BootFailures.assertSays;
import static io.fugue.keyvault.BootFailures.messageOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** References that cannot be resolved whatever the vault holds fail boot before any vault is asked. */
class ReferenceProblemMessagesTest {

    @Test
    void syntaxErrorsNameEveryPropertyAndAskNoVault() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            vaults.seed(VaultBootFixture.VAULT, "db-password");

            String message = messageOf(() -> vaults.boot(Map.of(
                    "quarkus.datasource.password", "${kv//db_password}",
                    "app.form6-typo", "${kv//fugue-kv/secret/api-key/versions/1}",
                    "app.fine", "${kv//db-password}")), vaults.emulator.secretValues());

            assertSays(message, "2 of 3 Key Vault secret reference(s) could not be resolved",
                    "Property 'quarkus.datasource.password' refers to 'kv//db_password', which is not a valid Key "
                            + "Vault reference: secret name 'db_password' must be 1-127 characters of letters, digits "
                            + "and '-'",
                    "Property 'app.form6-typo' refers to 'kv//fugue-kv/secret/api-key/versions/1'",
                    "expected 'secrets' where 'secret' is");
            assertEquals(0, vaults.emulator.counters().vaultRequests());
            assertEquals(0, vaults.emulator.counters().tokenRequests());
        }
    }

    @Test
    void referenceWithoutVaultNeedsTheEndpoint() {
        String message = messageOf(() -> VaultBootFixture.build(
                Map.of("%prod.quarkus.datasource.password", "${kv//db-password}"), Map.of()), List.of());

        assertSays(message, "Property 'quarkus.datasource.password' refers to 'kv//db-password', which is not a valid "
                + "Key Vault reference: it names no vault and fugue.keyvault.endpoint is not set");
    }

    /** A zero interval would list the vault in a tight loop from every replica; a zero deadline explains nothing. */
    @Test
    void durationsThatCannotWorkNameTheirProperty() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            vaults.seed(VaultBootFixture.VAULT, "db-password");
            String interval = assertThrows(IllegalArgumentException.class, () -> vaults.boot(Map.of(
                    "app.password", "${kv//db-password}", "fugue.keyvault.refresh-interval", "PT0S"))).getMessage();
            String timeout = assertThrows(IllegalArgumentException.class, () -> vaults.boot(Map.of(
                    "app.password", "${kv//db-password}", "fugue.keyvault.boot-timeout", "-PT1S"))).getMessage();

            assertEquals("fugue.keyvault.refresh-interval must be at least PT1S, but is PT0S", interval);
            assertEquals("fugue.keyvault.boot-timeout must be positive, but is PT-1S", timeout);
            assertEquals(0, vaults.emulator.counters().vaultRequests());
        }
    }
}
