package io.fugue.keyvault;

import static io.fugue.keyvault.BootFailures.assertSays;
import static io.fugue.keyvault.BootFailures.messageOf;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.testing.keyvault.RequestCounts;
import io.smallrye.config.SmallRyeConfig;

/** {@code ${kv//name:default}}: a secret that does not exist gives the default instead of failing boot. */
class DefaultValueBootTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @Test
    void missingSecretFallsBackToTheDefaultAndIsNotAskedForAgain() {
        String password = vaults.seed(VAULT, "db-password");

        SmallRyeConfig config = vaults.boot(Map.of("app.feature-flag", "${kv//missing-flag:off}",
                "quarkus.datasource.password", "${kv//db-password:unused-default}"));
        RequestCounts afterBoot = vaults.emulator.counters();

        assertEquals("off", config.getValue("app.feature-flag", String.class));
        assertEquals(password, config.getValue("quarkus.datasource.password", String.class),
                "a default does not replace a secret that exists");
        for (int i = 0; i < 10; i++) {
            config.getValue("app.feature-flag", String.class);
        }
        assertEquals(afterBoot, vaults.emulator.counters(), "the missing secret is remembered as missing");
        assertEquals(1, afterBoot.secretGets("missing-flag"));
    }

    @Test
    void aUseWithoutDefaultStillFailsBoot() {
        String message = messageOf(() -> vaults.boot(Map.of("app.feature-flag", "${kv//missing-flag:off}",
                "app.feature-flag-strict", "${kv//missing-flag}")), vaults.emulator.secretValues());

        assertSays(message, "Property 'app.feature-flag', 'app.feature-flag-strict': secret 'missing-flag'",
                "HTTP 404 SecretNotFound");
    }
}
