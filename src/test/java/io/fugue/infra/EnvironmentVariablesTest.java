package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Every environment variable the deployments give the app is a configuration key the app reads (in Quarkus'
 * environment form), so a typo cannot silently leave a setting at its default.
 */
class EnvironmentVariablesTest {

    /** Read by the Azure SDK or the image's launcher, not by Quarkus configuration. */
    private static final Map<String, String> PLATFORM_VARIABLES = Map.of(
            "IDENTITY_ENDPOINT", "managed-identity endpoint (Container Apps protocol), read by azure-identity",
            "IDENTITY_HEADER", "its header value, read by azure-identity",
            "JAVA_OPTS_APPEND", "JVM options, read by run-java.sh of the UBI OpenJDK image");

    private static final Set<String> KNOWN_KEYS = Repo.knownConfigKeys();

    private static boolean isConfigKey(String variable) {
        return KNOWN_KEYS.stream().anyMatch(key -> Repo.envName(key).equals(variable));
    }

    static List<String> bicepEnvironment() {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("name:\\s*'([A-Z][A-Z0-9_]*)'\\s*\\n\\s*(?:value|secretRef):")
                .matcher(Bicep.read("infra/modules/app.bicep").code());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> composeFugueEnvironment() {
        Map<Object, Object> services = (Map<Object, Object>) Repo.yaml("docker/compose.yaml").get("services");
        Map<Object, Object> fugue = (Map<Object, Object>) services.get("fugue");
        return (Map<String, Object>) fugue.get("environment");
    }

    @Test
    void environmentNamesFollowQuarkusRules() {
        assertEquals("FUGUE_KEYVAULT_ENDPOINT", Repo.envName("fugue.keyvault.endpoint"));
        assertEquals("FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID", Repo.envName("fugue.keyvault.managed-identity-client-id"));
        assertTrue(isConfigKey("QUARKUS_DATASOURCE_JDBC_URL"));
        assertFalse(isConfigKey("FUGUE_KEYVAULT_ENDPIONT"), "a misspelt variable must not pass");
    }

    @Test
    void everyVariableTheContainerAppSetsIsAConfigKey() {
        List<String> names = bicepEnvironment();
        assertTrue(names.size() >= 3, "app.bicep sets " + names);
        for (String name : names) {
            assertTrue(isConfigKey(name), "app.bicep sets " + name + ", which is no configuration key of fugue");
        }
    }

    @Test
    void containerAppIsConfiguredForMethod2() {
        List<String> names = bicepEnvironment();
        assertTrue(names.contains("FUGUE_KEYVAULT_ENDPOINT"));
        assertTrue(names.contains("FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID"));
        String baseEnv = Bicep.read("infra/modules/app.bicep").body("var", "baseEnv");
        assertTrue(baseEnv.contains("FUGUE_KEYVAULT_ENDPOINT") && baseEnv.contains("FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID"),
                "the vault and the identity are set whatever the secrets method");
        assertFalse(baseEnv.contains("QUARKUS_DATASOURCE_PASSWORD"), "Method 2 passes no credentials");
        String jdbc = Bicep.read("infra/main.bicep").body("module", "api");
        assertTrue(jdbc.contains("jdbcUrl: 'jdbc:postgresql://${postgres.outputs.fqdn}:5432/") && jdbc.contains("sslmode=require"),
                "JDBC URL from the server's FQDN with sslmode=require");
    }

    @Test
    void everyVariableComposeGivesFugueIsAConfigKeyOrAPlatformVariable() {
        Map<String, Object> env = composeFugueEnvironment();
        for (String name : env.keySet()) {
            if (!PLATFORM_VARIABLES.containsKey(name) && !isConfigKey(name)) {
                fail("docker/compose.yaml gives fugue " + name + ", which is no configuration key of fugue");
            }
        }
    }

    @Test
    void composeRunsFugueAsInAzure() {
        Map<String, Object> env = composeFugueEnvironment();
        List<String> azure = bicepEnvironment();
        for (String name : List.of("FUGUE_KEYVAULT_ENDPOINT", "FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID",
                "QUARKUS_DATASOURCE_JDBC_URL", "IDENTITY_ENDPOINT", "IDENTITY_HEADER")) {
            assertTrue(env.containsKey(name), "compose does not set " + name);
        }
        for (String name : env.keySet()) {
            if (!PLATFORM_VARIABLES.containsKey(name)) {
                assertTrue(azure.contains(name), name + " is set locally but not in Azure");
            }
        }
        // Method 2: credentials come from the vault, not from the environment.
        for (String property : Repo.prodSecretReferences().keySet()) {
            assertFalse(env.containsKey(Repo.envName(property)), "compose bypasses the vault for " + property);
        }
        assertTrue(String.valueOf(env.get("FUGUE_KEYVAULT_ENDPOINT")).startsWith("https://"), "Key Vault needs HTTPS");
    }

    @Test
    void composeTrustsTheEmulatorThroughTheJvmTrustStore() {
        String options = String.valueOf(composeFugueEnvironment().get("JAVA_OPTS_APPEND"));
        assertTrue(options.contains("-Djavax.net.ssl.trustStore=/trust/truststore.p12"), options);
        // JAVA_OPTS_APPEND replaces the image default, which must survive.
        assertTrue(options.contains("-Dquarkus.http.host=0.0.0.0"), options);
        // Settings only: the comments may well explain what is not done.
        String compose = Repo.read("docker/compose.yaml").replaceAll("(?m)^\\s*#.*$", "");
        assertFalse(compose.toLowerCase().contains("trust-all") || compose.contains("--insecure"), "no trust-all");
        assertFalse(compose.contains("CHALLENGE_RESOURCE_VERIFICATION"), "challenge verification stays on");
        assertTrue(compose.contains("--LOWKEY_AUTH_RESOURCE=lowkey-vault") && compose.contains("default.lowkey-vault"),
                "the emulator's challenge resource is the parent domain of the vault host");
    }
}
