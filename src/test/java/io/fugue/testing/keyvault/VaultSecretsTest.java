package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VaultSecretsTest {

    private final VaultSecrets secrets = new VaultSecrets(Clock.systemUTC());

    @Test
    void everySetIsANewLatestVersion() {
        SecretVersion first = secrets.set("db-password", "a", null, null, true);
        SecretVersion second = secrets.set("db-password", "b", "text/plain", Map.of("k", "v"), true);

        assertEquals(second, secrets.latest("db-password").orElseThrow());
        assertEquals(first, secrets.version("db-password", first.version()).orElseThrow());
        assertEquals(List.of(first, second), secrets.versions("db-password"));
        assertTrue(first.version().matches("[0-9a-f]{32}"));
    }

    @Test
    void namesAreCaseInsensitiveAndKeepTheirFirstCasing() {
        secrets.set("Db-Password", "a", null, null, true);
        secrets.set("DB-PASSWORD", "b", null, null, true);

        assertEquals("Db-Password", secrets.latest("db-password").orElseThrow().name());
        assertEquals(2, secrets.versions("dB-pAsSwOrD").size());
        assertEquals(1, secrets.latestOfEach().size());
    }

    @Test
    void updateChangesOnlyWhatIsGiven() {
        SecretVersion version = secrets.set("api-key", "a", "text/plain", Map.of("k", "v"), true);

        SecretVersion disabled = secrets.update("api-key", version.version(), false, null, null).orElseThrow();

        assertFalse(disabled.enabled());
        assertEquals("text/plain", disabled.contentType());
        assertEquals(Map.of("k", "v"), disabled.tags());
        assertEquals("a", disabled.value());
        assertTrue(secrets.update("api-key", "0".repeat(32), false, null, null).isEmpty());
        assertTrue(secrets.update("no-such", version.version(), false, null, null).isEmpty());
    }

    @Test
    void listsLatestVersionsByName() {
        secrets.set("b", "1", null, null, true);
        secrets.set("a", "2", null, null, true);
        secrets.set("b", "3", null, null, true);

        assertEquals(List.of("a", "b"), secrets.latestOfEach().stream().map(SecretVersion::name).toList());
        assertEquals("3", secrets.latestOfEach().get(1).value());
        assertEquals(Set.of("1", "2", "3"), secrets.values());
    }

    @Test
    void rejectsInvalidNames() {
        assertThrows(IllegalArgumentException.class, () -> secrets.set("under_score", "x", null, null, true));
        assertThrows(IllegalArgumentException.class, () -> secrets.set("a".repeat(128), "x", null, null, true));
        assertTrue(VaultSecrets.isValidName("a".repeat(127)));
    }

    @Test
    void toStringNeverShowsTheValue() {
        assertFalse(secrets.set("api-key", "top-secret", null, null, true).toString().contains("top-secret"));
    }
}
