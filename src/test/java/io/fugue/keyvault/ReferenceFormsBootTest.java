package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.SECOND_VAULT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smallrye.config.SmallRyeConfig;

/** Every reference form of DESIGN.md resolves the value a user expects, through the real SDK. */
class ReferenceFormsBootTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @Test
    void eachFormResolvesFromTheRightVaultAndVersion() {
        String password = vaults.seed(VAULT, "db-password");
        String oldApiKey = vaults.seed(VAULT, "api-key");
        String oldApiKeyVersion = vaults.emulator.latestVersion(VAULT, "api-key").orElseThrow();
        String newApiKey = vaults.seed(VAULT, "api-key");
        String secondPassword = vaults.seed(SECOND_VAULT, "db-password");
        String oldToken = vaults.seed(SECOND_VAULT, "api-token");
        String oldTokenVersion = vaults.emulator.latestVersion(SECOND_VAULT, "api-token").orElseThrow();
        String newToken = vaults.seed(SECOND_VAULT, "api-token");

        SmallRyeConfig config = vaults.boot(Map.of(
                "form1", "${kv//db-password}",
                "form2", "${kv//api-key/versions/" + oldApiKeyVersion + "}",
                "form3", "${kv//second-kv/db-password}",
                "form4", "${kv//second-kv/secrets/api-token}",
                "form5", "${kv//second-kv/secrets/api-token/" + oldTokenVersion + "}",
                "form6", "${kv//fugue-kv/secrets/api-key/versions/" + oldApiKeyVersion + "}",
                "latest-api-key", "${kv//api-key}"));

        assertEquals(password, config.getValue("form1", String.class));
        assertEquals(oldApiKey, config.getValue("form2", String.class), "a pinned version keeps its old value");
        assertEquals(secondPassword, config.getValue("form3", String.class), "same name, other vault");
        assertEquals(newToken, config.getValue("form4", String.class));
        assertEquals(oldToken, config.getValue("form5", String.class));
        assertEquals(oldApiKey, config.getValue("form6", String.class));
        assertEquals(newApiKey, config.getValue("latest-api-key", String.class));
    }

    @Test
    void secretAndVaultNamesAreCaseInsensitive() {
        String signingKey = vaults.seed(VAULT, "Session-Signing-Key");
        String token = vaults.seed(SECOND_VAULT, "api-token");

        SmallRyeConfig config = vaults.boot(Map.of(
                "fugue.session.signing-key", "${kv//session-signing-key}",
                "shouted", "${kv//SESSION-SIGNING-KEY}",
                "other-vault", "${kv//Second-KV/secrets/API-Token}"));

        assertEquals(signingKey, config.getValue("fugue.session.signing-key", String.class));
        assertEquals(signingKey, config.getValue("shouted", String.class));
        assertEquals(token, config.getValue("other-vault", String.class));
    }

    @Test
    void referencesInsideLongerValuesAndProfilesResolve() {
        String host = vaults.seed(VAULT, "db-host");
        String password = vaults.seed(VAULT, "db-password");

        SmallRyeConfig config = vaults.boot(Map.of(
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://${kv//db-host}:5432/fugue",
                "%prod.quarkus.datasource.password", "${kv//db-password}",
                "%dev.quarkus.datasource.password", "${kv//dev-only-password}"));

        assertEquals("jdbc:postgresql://" + host + ":5432/fugue",
                config.getValue("quarkus.datasource.jdbc.url", String.class));
        assertEquals(password, config.getValue("quarkus.datasource.password", String.class));
        assertEquals(0, vaults.emulator.counters().secretGets("dev-only-password"),
                "a reference of an inactive profile is not fetched");
    }

    @Test
    void theVaultOfAReferenceCanComeFromAnotherExpression() {
        String token = vaults.seed(SECOND_VAULT, "api-token");

        SmallRyeConfig config = vaults.boot(Map.of("app.token", "${kv//${TOKEN_VAULT}/api-token}"),
                Map.of("TOKEN_VAULT", SECOND_VAULT));

        assertEquals(token, config.getValue("app.token", String.class));
        assertEquals(1, vaults.emulator.counters().secretGets("api-token"), "fetched at boot, once");
    }

    @Test
    void aReferencesDefaultCanBeAnotherReference() {
        String fallback = vaults.seed(VAULT, "fallback-token");

        SmallRyeConfig config = vaults.boot(Map.of("app.token", "${kv//primary-token:${kv//fallback-token}}"));

        assertEquals(fallback, config.getValue("app.token", String.class));
    }

    /**
     * A leaked newest version was disabled: the running replicas fall back to the newest enabled version at their next
     * refresh, and a replica that starts now must boot with that one too. Key Vault refuses the latest version with
     * 403 SecretDisabled then; boot failed on it.
     */
    @Test
    void aDisabledNewestVersionBootsWithTheNewestEnabledOneAsARefreshHolds() {
        String good = vaults.seed(VAULT, "session-signing-key");
        vaults.seed(VAULT, "session-signing-key");
        vaults.emulator.disable(VAULT, "session-signing-key", null);

        SmallRyeConfig config = vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}"));

        assertEquals(good, config.getValue("fugue.session.signing-key", String.class));
        assertEquals(List.of(), new SecretRefresher().refresh().changed(), "a refresh holds the same version");
    }
}
