package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.support.LogCapture;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * A property that references a vault is a SmallRye secret key: config logging and other dumps see it hidden, while
 * the code that needs it (injection, mappings, an unlocked read) gets the value.
 */
class SecretKeysTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "quarkus.datasource.password", "${kv//db-password}",
            "app.greeting", "hello");

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();
    private String password;

    @BeforeEach
    void start() {
        password = vaults.seed(VAULT, "db-password");
    }

    @Test
    void aLockedReadIsRefusedWithoutTheValueAndAnUnlockedOneGetsIt() {
        SmallRyeConfig config = vaults.bootAsQuarkus(PROPERTIES);

        SecurityException refused = assertThrows(SecurityException.class,
                () -> config.getValue("quarkus.datasource.password", String.class));
        assertTrue(refused.getMessage().contains("quarkus.datasource.password"), refused.getMessage());
        assertFalse(refused.getMessage().contains(password));
        assertEquals(password, SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
        assertEquals("hello", config.getValue("app.greeting", String.class), "other properties read as usual");
    }

    @Test
    void aReferenceGivenOnlyByAnEnvironmentVariableIsASecretKeyToo() {
        SmallRyeConfig config = vaults.bootAsQuarkus(Map.of("app.greeting", "hello"),
                Map.of("QUARKUS_DATASOURCE_PASSWORD", "${kv//db-password}"));

        assertThrows(SecurityException.class, () -> config.getValue("quarkus.datasource.password", String.class));
        assertEquals(password, SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
    }

    @Test
    void theDevUiSeesAPlaceholderInsteadOfTheValue() {
        SmallRyeConfig config = vaults.bootAsQuarkusReadByTheDevUi(PROPERTIES);

        // Quarkus' Dev UI fills its configuration page with locked getConfigValue calls and fails on an exception.
        ConfigValue shown = config.getConfigValue("quarkus.datasource.password");
        assertEquals(SecretPropertiesInterceptor.HIDDEN, shown.getValue());
        assertEquals(password, SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
        assertEquals("hello", config.getConfigValue("app.greeting").getValue());
    }

    @Test
    void configLoggingShowsTheLookupButHidesTheValue() {
        try (LogCapture log = LogCapture.of("io.smallrye.config", org.jboss.logmanager.Level.DEBUG)) {
            SmallRyeConfig config = vaults.bootAsQuarkus(PROPERTIES);
            config.getValue("app.greeting", String.class);
            // What a dump does: a locked read, which config logging records as "secret".
            assertThrows(SecurityException.class, () -> config.getValue("quarkus.datasource.password", String.class));

            String everything = log.everything();
            assertTrue(everything.contains("app.greeting") && everything.contains("hello"),
                    "config logging is on:\n" + everything);
            assertTrue(everything.contains("quarkus.datasource.password"), everything);
            assertFalse(everything.contains(password), () -> "the secret value was logged:\n" + everything);
        }
    }

    @Test
    void theMarkingCanBeSwitchedOff() {
        SmallRyeConfig config = vaults.bootAsQuarkus(Map.of("quarkus.datasource.password", "${kv//db-password}",
                "fugue.keyvault.secret-keys", "false"));

        assertEquals(password, config.getValue("quarkus.datasource.password", String.class));
    }
}
