package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.SECOND_VAULT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.support.LogCapture;
import io.fugue.testing.keyvault.RequestCounts;
import io.smallrye.config.SmallRyeConfig;

/** What boot tells the operator (one INFO line), and what the source lets anyone enumerate (nothing). */
class BootLoggingAndHygieneTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "quarkus.datasource.username", "${kv//db-username}",
            "quarkus.datasource.password", "${kv//db-password}",
            "app.token", "${kv//second-kv/api-token}");

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @BeforeEach
    void start() {
        vaults.seed(VAULT, "db-username");
        vaults.seed(VAULT, "db-password");
        vaults.seed(SECOND_VAULT, "api-token");
    }

    @Test
    void bootLogsOneInfoLineWithCountsAndNoValues() {
        try (LogCapture log = LogCapture.of("io.fugue.keyvault", org.jboss.logmanager.Level.DEBUG)) {
            vaults.boot(PROPERTIES);

            List<String> info = log.messages(Level.INFO);
            assertEquals(1, info.size(), () -> "INFO lines: " + info);
            assertTrue(info.get(0).matches("Resolved 3 secrets from 2 vault\\(s\\) in \\d+ ms"), info.get(0));
            String everything = log.everything();
            assertTrue(everything.contains("'db-password'"), "secret names are logged at DEBUG:\n" + everything);
            for (String value : vaults.emulator.secretValues()) {
                assertFalse(everything.contains(value), () -> "a secret value was logged:\n" + everything);
            }
        }
    }

    @Test
    void sourceListsNothingAndAnswersOnlyReferences() {
        SmallRyeConfig config = vaults.boot(PROPERTIES);
        ConfigSource source = config.getConfigSource(KeyVaultConfigSource.NAME).orElseThrow();
        RequestCounts afterBoot = vaults.emulator.counters();

        assertTrue(source.getPropertyNames().isEmpty());
        assertTrue(source.getProperties().isEmpty());
        assertNull(source.getValue("quarkus.datasource.password"), "only kv// names are served");
        assertNull(source.getValue("fugue.keyvault.endpoint"));
        assertEquals(vaults.emulator.latestValue(VAULT, "db-password").orElseThrow(),
                source.getValue("kv//db-password"));
        assertEquals(afterBoot, vaults.emulator.counters(), "served from memory");
        for (String name : config.getPropertyNames()) {
            assertFalse(name.startsWith("kv//"), "a reference was listed: " + name);
        }
    }
}
