package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The secrets the app references in its prod profile are the ones every way of running it provides: the bootstrap
 * script, the Bicep templates (Method 1 references and the database secrets), and the local compose stack.
 */
class SecretConsistencyTest {

    private static final Map<String, String> PROD_SECRETS = Repo.prodSecretReferences();

    @Test
    void prodProfileReferencesTheContractSecrets() {
        // DESIGN.md's default names; if the properties lose a reference, the checks below would pass vacuously.
        assertEquals(Set.of("db-username", "db-password", "session-signing-key"),
                new LinkedHashSet<>(PROD_SECRETS.values()),
                "secrets referenced by %prod in application.properties: " + PROD_SECRETS);
    }

    @Test
    void bootstrapScriptCreatesEverySecretTheAppReads() {
        List<String> created = Repo.callArguments("infra/scripts/bootstrap-secrets.sh", "ensure_secret");
        for (String secret : PROD_SECRETS.values()) {
            assertTrue(created.contains(secret), "bootstrap-secrets.sh does not create " + secret + " (creates " + created + ")");
        }
        String script = Repo.read("infra/scripts/bootstrap-secrets.sh");
        assertTrue(script.contains("openssl rand -hex 32"), "the session key comes from openssl rand -hex 32");
        assertTrue(script.contains("az keyvault secret set") && script.contains("--file /dev/stdin"),
                "values reach az on standard input");
    }

    @Test
    void method1VariantMapsEverySecretToTheEnvironmentVariableOfItsProperty() {
        String app = Bicep.read("infra/modules/app.bicep").code();
        // Container Apps secret name -> Key Vault secret it references
        Map<String, String> vaultRefs = new HashMap<>();
        Matcher ref = Pattern.compile("name:\\s*'([a-z0-9-]+)'\\s*\\n\\s*keyVaultUrl:\\s*'\\$\\{keyVaultEndpoint}secrets/([A-Za-z0-9-]+)'")
                .matcher(app);
        while (ref.find()) {
            vaultRefs.put(ref.group(1), ref.group(2).toLowerCase());
        }
        // environment variable -> Container Apps secret
        Map<String, String> secretEnv = new HashMap<>();
        Matcher env = Pattern.compile("name:\\s*'([A-Z][A-Z0-9_]*)'\\s*\\n\\s*secretRef:\\s*'([a-z0-9-]+)'").matcher(app);
        while (env.find()) {
            secretEnv.put(env.group(1), env.group(2));
        }
        PROD_SECRETS.forEach((property, secret) -> {
            String variable = Repo.envName(property);
            String appSecret = secretEnv.get(variable);
            assertNotNull(appSecret, "app.bicep's Method 1 sets no " + variable + " (for " + property + ")");
            assertEquals(secret, vaultRefs.get(appSecret),
                    variable + " -> secretRef '" + appSecret + "' must reference Key Vault secret " + secret);
        });
        assertEquals(PROD_SECRETS.size(), secretEnv.size(), "Method 1 maps exactly the referenced secrets: " + secretEnv);
    }

    @Test
    void method1SecretsAreOnlyWiredWhenSelected() {
        String app = Bicep.read("infra/modules/app.bicep").code();
        assertTrue(app.matches("(?s).*secrets:\\s*method1\\s*\\?\\s*vaultSecretRefs\\s*:\\s*\\[\\s*].*"),
                "Container Apps secrets exist only with secretsMethod 'env'");
        assertTrue(app.contains("concat(baseEnv, method1 ? vaultSecretEnv : [])"), "secret env vars only with Method 1");
        assertEquals("'keyvault'", Bicep.read("infra/main.bicep").param("secretsMethod").defaultValue(),
                "Method 2 is the default");
    }

    @Test
    void databaseSecretsAreWrittenWithTheServerAndOnlyContractNames() {
        List<String> written = Bicep.read("infra/modules/db-secrets.bicep").resources("Microsoft.KeyVault/vaults/secrets")
                .stream().map(body -> Bicep.property(body, "name").replace("'", "")).toList();
        assertEquals(List.of("db-username", "db-password"), written);
        assertTrue(PROD_SECRETS.values().containsAll(written), "Bicep writes only secrets the app reads");
    }

    @Test
    void composeSeedsTheSameSecretsIntoTheEmulator() {
        List<String> seeded = Repo.callArguments("docker/lowkey/seed.sh", "seed_secret");
        assertEquals(new LinkedHashSet<>(PROD_SECRETS.values()), new LinkedHashSet<>(seeded),
                "docker/lowkey/seed.sh seeds " + seeded);
        String seed = Repo.read("docker/lowkey/seed.sh");
        assertFalse(seed.matches("(?s).*curl[^\\n]*\\s(-k|--insecure)\\b.*"), "the seeder verifies TLS");
        assertTrue(seed.contains("--cacert"), "the seeder trusts the emulator's certificate explicitly");
    }
}
