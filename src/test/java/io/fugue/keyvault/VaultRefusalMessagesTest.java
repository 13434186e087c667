package io.fugue.keyvault;

import static io.fugue.keyvault.BootFailures.assertSays;
import static io.fugue.keyvault.BootFailures.messageOf;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Boot fails once, with one line per reference the vault refused, saying what to fix. */
class VaultRefusalMessagesTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();
    private String vaultUrl;

    @BeforeEach
    void start() {
        vaultUrl = vaults.emulator.vaultUrl(VAULT);
    }

    @Test
    void missingSecretNamesTheSecretAndTheVault() {
        vaults.seed(VAULT, "db-password");

        String message = messageOf(() -> vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}",
                "quarkus.datasource.password", "${kv//db-password}")), vaults.emulator.secretValues());

        assertSays(message, "1 of 2 Key Vault secret reference(s) could not be resolved",
                "Property 'fugue.session.signing-key': secret 'session-signing-key' from vault " + vaultUrl,
                "HTTP 404 SecretNotFound",
                "No secret named 'session-signing-key' exists in " + vaultUrl,
                "(names are case-insensitive)");
        assertFalse(message.contains("quarkus.datasource.password"), "the resolved reference is not listed");
    }

    @Test
    void refusedIdentityIsNamedWithTheRoleItNeeds() {
        vaults.seed(VAULT, "db-password");
        vaults.emulator.deny(vaults.clientId);

        String message = messageOf(() -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}")),
                vaults.emulator.secretValues());

        assertSays(message, "Property 'quarkus.datasource.password': secret 'db-password' from vault " + vaultUrl,
                "HTTP 403 Forbidden/ForbiddenByRbac",
                "The vault refused the managed identity with client id " + vaults.clientId,
                "(Key Vault saw caller appid=" + vaults.clientId + ";oid=",
                "Grant it the 'Key Vault Secrets User' role on the vault (RBAC)");
        assertEquals(1, vaults.emulator.counters().forbidden());
    }

    @Test
    void aFirewallRefusalPointsAtTheNetworkRulesNotAtARole() {
        vaults.seed(VAULT, "db-password");
        vaults.emulator.firewall(true);

        String message = messageOf(() -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}")),
                vaults.emulator.secretValues());

        assertSays(message, "Property 'quarkus.datasource.password': secret 'db-password' from vault " + vaultUrl,
                "HTTP 403 Forbidden/ForbiddenByFirewall",
                "The vault's network rules refused this client (Key Vault saw address 203.0.113.24), whatever its role",
                "Allow this network in the vault's firewall (Networking), or reach the vault through its private "
                        + "endpoint");
        assertFalse(message.contains("Key Vault Secrets User"), message);
    }

    @Test
    void disabledSecretSaysSo() {
        vaults.seed(VAULT, "api-key");
        vaults.emulator.disable(VAULT, "api-key", null);

        String message = messageOf(() -> vaults.boot(Map.of("app.api-key", "${kv//api-key}")),
                vaults.emulator.secretValues());

        assertSays(message, "Property 'app.api-key': secret 'api-key' from vault " + vaultUrl,
                "HTTP 403 Forbidden/SecretDisabled", "That secret version is disabled");
    }

    @Test
    void everyFailingReferenceIsListedInOneFailure() {
        vaults.seed(VAULT, "db-password");
        vaults.seed(VAULT, "api-key");
        vaults.emulator.disable(VAULT, "api-key", null);
        String missingVersion = "0123456789abcdef0123456789abcdef";

        String message = messageOf(() -> vaults.boot(Map.of(
                "quarkus.datasource.password", "${kv//db-password}",
                "app.api-key", "${kv//api-key}",
                "app.same-key", "${kv//API-KEY}",
                "fugue.session.signing-key", "${kv//session-signing-key}",
                "app.old", "${kv//db-password/versions/" + missingVersion + "}")), vaults.emulator.secretValues());

        assertSays(message, "3 of 4 Key Vault secret reference(s) could not be resolved",
                "secret 'session-signing-key' from vault " + vaultUrl + ": HTTP 404",
                "secret 'db-password' version " + missingVersion + " from vault " + vaultUrl + ": HTTP 404",
                "No secret named 'db-password' with version " + missingVersion,
                "HTTP 403 Forbidden/SecretDisabled");
        assertEquals(3, message.split("\n  - ").length - 1, message);
        String disabledLine = message.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains("secret 'api-key'")).findFirst()
                .orElseThrow();
        assertSays(disabledLine, "'app.api-key'", "'app.same-key'");
    }
}
