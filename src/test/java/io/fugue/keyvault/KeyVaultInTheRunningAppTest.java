package io.fugue.keyvault;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.fugue.support.Metrics;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.fugue.testing.keyvault.RequestCounts;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.config.SecretKeys;

/** The application as it runs, its three secrets from the emulator: readiness, metrics and in-memory lookups. */
@QuarkusTest
class KeyVaultInTheRunningAppTest {

    private static final String KEY_VAULT_CHECK = "checks.find { it.name == 'Key Vault' }";
    private static final String SUCCESSES = "fugue_keyvault_requests_seconds_count{outcome=\"success\"}";

    @InjectKeyVaultEmulator
    KeyVaultEmulator emulator;

    @Test
    void readinessHasAKeyVaultCheckWithoutValues() {
        String body = given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body(KEY_VAULT_CHECK + ".status", equalTo("UP"))
                .body(KEY_VAULT_CHECK + ".data.secrets", equalTo(3))
                .body(KEY_VAULT_CHECK + ".data.stale", equalTo(false))
                .extract().asString();

        for (String value : emulator.secretValues()) {
            assertFalse(body.contains(value), () -> "a secret value in the readiness data:\n" + body);
        }
    }

    @Test
    void metricsCountSuccessfulVaultRequests() {
        double successes = Metrics.existing(SUCCESSES);
        assertTrue(successes >= 3, "at least one request per secret: " + successes);
    }

    @Test
    void configurationIsServedFromMemory() {
        Config config = ConfigProvider.getConfig();
        String expected = emulator.latestValue(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.DB_PASSWORD)
                .orElseThrow();
        RequestCounts before = emulator.counters();

        for (int i = 0; i < 100; i++) {
            assertEquals(expected,
                    SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
        }

        assertEquals(before, emulator.counters());
    }

    @Test
    void vaultBackedPropertiesAreSecretKeysInTheApplication() {
        Config config = ConfigProvider.getConfig();
        for (String property : new String[] { "quarkus.datasource.username", "quarkus.datasource.password",
                "fugue.session.signing-key" }) {
            SecurityException refused = assertThrows(SecurityException.class,
                    () -> config.getValue(property, String.class), property);
            String unlocked = SecretKeys.doUnlocked(() -> config.getValue(property, String.class));
            // The user name ("fugue") is also a word of the message; the password and key are long and random.
            assertFalse(unlocked.length() >= 8 && refused.getMessage().contains(unlocked), refused::getMessage);
        }
        assertEquals("fugue", config.getValue("quarkus.application.name", String.class));
    }
}
