package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.support.LogCapture;
import io.smallrye.config.SmallRyeConfig;

/**
 * A property that follows a secret sees its rotation at the next refresh, in every form keyvault.md documents; one
 * that cannot follow keeps its boot value and says so.
 */
class LiveSecretPropertyTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @Test
    void nestedFormsFollowTheSecretAcrossARotation() {
        vaults.seed(VAULT, "db-password");
        SmallRyeConfig config = vaults.boot(Map.of(
                "plain", "${kv//db-password}",
                "named-by-variable", "${kv//${KV_NAME}/db-password}",
                "unless-overridden", "${DB_PASSWORD:${kv//db-password}}"), Map.of("KV_NAME", VAULT));
        LiveSecretProperty plain = LiveSecretProperty.of(config, "plain");
        LiveSecretProperty named = LiveSecretProperty.of(config, "named-by-variable");
        LiveSecretProperty unlessOverridden = LiveSecretProperty.of(config, "unless-overridden");

        String rotated = vaults.seed(VAULT, "db-password");
        new SecretRefresher().refreshNow();

        assertEquals(rotated, plain.value());
        assertEquals(rotated, named.value());
        assertEquals(rotated, unlessOverridden.value());
    }

    @Test
    void aValueWithTextAroundTheReferenceKeepsItsBootValueAndSaysSo() {
        String password = vaults.seed(VAULT, "db-password");
        SmallRyeConfig config = vaults.boot(Map.of("decorated", "pw-${kv//db-password}"));
        try (LogCapture log = LogCapture.of(LiveSecretProperty.class.getName(), Level.WARNING)) {
            LiveSecretProperty decorated = LiveSecretProperty.of(config, "decorated");

            vaults.seed(VAULT, "db-password");
            new SecretRefresher().refreshNow();

            assertEquals("pw-" + password, decorated.value());
            assertEquals(1, log.messages(Level.WARNING).stream()
                    .filter(line -> line.startsWith("decorated uses a Key Vault secret")).count(), log.everything());
        }
    }
}
