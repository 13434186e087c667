package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import com.azure.security.keyvault.secrets.models.SecretProperties;

/** The real SecretClient and DefaultAzureCredential against the emulator: the happy paths and the refusals. */
class KeyVaultEmulatorTest {

    private EmulatorFixture fixture;
    private KeyVaultEmulator emulator;
    /** A fresh identity per test: msal4j caches managed-identity tokens JVM-wide, per identity. */
    private final String clientId = UUID.randomUUID().toString();

    @BeforeEach
    void start() {
        fixture = new EmulatorFixture();
        emulator = fixture.emulator;
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void getsLatestAndSpecificVersions() {
        String first = emulator.setSecret(EmulatorFixture.VAULT, "db-password", "first");
        String second = emulator.setSecret(EmulatorFixture.VAULT, "db-password", "second");
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        KeyVaultSecret latest = client.getSecret("db-password");
        assertEquals("second", latest.getValue());
        assertEquals(second, latest.getProperties().getVersion());
        assertEquals("db-password", latest.getName());
        assertEquals(emulator.vaultUrl(EmulatorFixture.VAULT) + "secrets/db-password/" + second, latest.getId());
        assertTrue(latest.getProperties().isEnabled());
        assertTrue(latest.getProperties().getCreatedOn() != null && latest.getProperties().getUpdatedOn() != null);
        assertEquals("Recoverable+Purgeable", latest.getProperties().getRecoveryLevel());

        assertEquals("first", client.getSecret("db-password", first).getValue());
    }

    @Test
    void countsOneTokenRequestAndOneChallengeForManyGets() {
        emulator.setSecret(EmulatorFixture.VAULT, "db-username", "fugue");
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        for (int i = 0; i < 5; i++) {
            assertEquals("fugue", client.getSecret("db-username").getValue());
        }

        RequestCounts counts = emulator.counters();
        assertEquals(1, counts.tokenRequests());
        assertEquals(1, counts.challenges());
        assertEquals(5, counts.secretGets("db-username"));
        assertEquals(6, counts.vaultRequests());
    }

    @Test
    void namesCompareCaseInsensitively() {
        emulator.setSecret(EmulatorFixture.VAULT, "Session-Signing-Key", "k1");
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        assertEquals("k1", client.getSecret("session-signing-key").getValue());
        client.setSecret("SESSION-SIGNING-KEY", "k2");
        assertEquals("k2", client.getSecret("Session-Signing-Key").getValue());
        assertEquals(2, emulator.counters().secretGets("SESSION-signing-key"));
    }

    @Test
    void listsSecretsAndVersionsAcrossPages() {
        for (int i = 0; i < 30; i++) {
            emulator.setSecret(EmulatorFixture.VAULT, "secret-" + i, "v" + i);
        }
        for (int i = 0; i < 27; i++) {
            emulator.setSecret(EmulatorFixture.VAULT, "rotated", "r" + i);
        }
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        List<String> names = client.listPropertiesOfSecrets().stream().map(SecretProperties::getName).toList();
        assertEquals(31, names.size());
        assertTrue(names.contains("secret-29") && names.contains("rotated"));
        assertEquals(2, emulator.counters().listSecrets(), "25 per page");

        List<SecretProperties> versions = client.listPropertiesOfSecretVersions("rotated").stream().toList();
        assertEquals(27, versions.size());
        assertEquals(27, versions.stream().map(SecretProperties::getVersion).distinct().count());
        assertEquals(2, emulator.counters().listVersions());
    }

    @Test
    void setCreatesANewVersion() {
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        KeyVaultSecret created = client.setSecret("api-key", "one");
        KeyVaultSecret rotated = client.setSecret("api-key", "two");

        assertFalse(created.getProperties().getVersion().equals(rotated.getProperties().getVersion()));
        assertEquals("two", emulator.latestValue(EmulatorFixture.VAULT, "api-key").orElseThrow());
        assertEquals(2, emulator.counters().sets());
    }

    @Test
    void disabledVersionIsForbiddenWithSecretDisabled() {
        String version = emulator.setSecret(EmulatorFixture.VAULT, "db-password", "old");
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);
        emulator.disable(EmulatorFixture.VAULT, "db-password", version);

        HttpResponseException error = assertThrows(HttpResponseException.class, () -> client.getSecret("db-password"));
        assertEquals(403, error.getResponse().getStatusCode());
        assertTrue(error.getMessage().contains("SecretDisabled"), error.getMessage());
    }

    @Test
    void updatePropertiesDisablesThroughTheApi() {
        String version = emulator.setSecret(EmulatorFixture.VAULT, "api-key", "v1");
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);
        SecretProperties properties = client.getSecret("api-key", version).getProperties().setEnabled(false);

        SecretProperties updated = client.updateSecretProperties(properties);

        assertFalse(updated.isEnabled());
        assertEquals(1, emulator.counters().updates());
        assertEquals(403, assertThrows(HttpResponseException.class, () -> client.getSecret("api-key", version))
                .getResponse().getStatusCode());
    }

    @Test
    void deniedIdentityGetsForbiddenByRbac() {
        emulator.setSecret(EmulatorFixture.VAULT, "db-password", "fugue");
        emulator.deny(clientId);
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        HttpResponseException error = assertThrows(HttpResponseException.class, () -> client.getSecret("db-password"));
        assertEquals(403, error.getResponse().getStatusCode());
        assertTrue(error.getMessage().contains("ForbiddenByRbac"), error.getMessage());
        assertTrue(error.getMessage().contains("appid=" + clientId), error.getMessage());

        emulator.allow(clientId);
        assertEquals("fugue", client.getSecret("db-password").getValue());
    }

    @Test
    void systemAssignedIdentityCanBeDenied() {
        emulator.setSecret(EmulatorFixture.VAULT, "db-password", "fugue");
        emulator.deny(KeyVaultEmulator.SYSTEM_ASSIGNED);

        HttpResponseException error = assertThrows(HttpResponseException.class,
                () -> fixture.client(EmulatorFixture.VAULT, null).getSecret("db-password"));
        assertEquals(403, error.getResponse().getStatusCode());
        assertTrue(error.getMessage().contains("appid=" + emulator.systemAssignedClientId()), error.getMessage());
        assertEquals("fugue", fixture.client(EmulatorFixture.VAULT, clientId).getSecret("db-password").getValue());
    }

    @Test
    void missingSecretIsResourceNotFound() {
        SecretClient client = fixture.client(EmulatorFixture.VAULT, clientId);

        ResourceNotFoundException error = assertThrows(ResourceNotFoundException.class,
                () -> client.getSecret("no-such-secret"));
        assertEquals(404, error.getResponse().getStatusCode());
        assertTrue(error.getMessage().contains("SecretNotFound"), error.getMessage());
    }

    @Test
    void oneCredentialServesTwoVaults() {
        emulator.setSecret(EmulatorFixture.VAULT, "db-password", "first-vault");
        emulator.setSecret(EmulatorFixture.SECOND_VAULT, "db-password", "second-vault");
        var credential = fixture.credential(clientId);
        SecretClient first = clientFor(EmulatorFixture.VAULT, credential);
        SecretClient second = clientFor(EmulatorFixture.SECOND_VAULT, credential);

        assertEquals("first-vault", first.getSecret("db-password").getValue());
        assertEquals("second-vault", second.getSecret("db-password").getValue());
        assertEquals(1, emulator.counters().tokenRequests());
        assertEquals(2, emulator.counters().challenges(), "one challenge per vault host");
    }

    private SecretClient clientFor(String vault, com.azure.core.credential.TokenCredential credential) {
        return new com.azure.security.keyvault.secrets.SecretClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault))
                .credential(credential)
                .httpClient(fixture.httpClient)
                .disableChallengeResourceVerification()
                .buildClient();
    }
}
