package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * Key Vault's creation times are whole seconds. Two versions set within one second (a rotation script that fixes a
 * typo at once) must still leave the refresh holding the one set last, never the one it replaced.
 */
class SameSecondRotationTest {

    private VaultBootFixture vaults;

    @BeforeEach
    void start() {
        vaults = new VaultBootFixture();
        vaults.seed(VAULT, "db-password");
    }

    @AfterEach
    void stop() {
        vaults.close();
    }

    @Test
    void theVersionSetLastWinsATieOfCreationSeconds() throws Exception {
        SmallRyeConfig config = vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}"));
        SecretRefresher refresher = new SecretRefresher();

        for (int attempt = 0; attempt < 3; attempt++) {
            // Both versions inside one second: start right after a second begins.
            while (Instant.now().getNano() > 200_000_000) {
                Thread.sleep(20);
            }
            vaults.emulator.setSecret(VAULT, "db-password", "first-of-the-second-" + attempt);
            String last = "second-of-the-second-" + attempt;
            vaults.emulator.setSecret(VAULT, "db-password", last);

            refresher.refreshNow();

            assertEquals(last, KeyVaultRuntime.current().orElseThrow().cache().versions(reference()).orElseThrow()
                    .newest().value());
            assertEquals(vaults.emulator.latestValue(VAULT, "db-password").orElseThrow(),
                    SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
        }
    }

    private static SecretReference reference() {
        return KeyVaultRuntime.current().orElseThrow().reference("kv//db-password");
    }
}
