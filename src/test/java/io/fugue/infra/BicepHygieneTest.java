package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The template rules of STYLE.md that a text check can hold, since no Bicep compiler runs here. */
class BicepHygieneTest {

    private static final List<String> TEMPLATES = Repo.files("infra", ".bicep").stream()
            .map(p -> Repo.ROOT.relativize(p).toString()).toList();

    @Test
    void templatesExist() {
        assertTrue(TEMPLATES.contains("infra/main.bicep"));
        for (String module : Bicep.read("infra/main.bicep").modules().values()) {
            assertTrue(Repo.exists("infra/" + module), "main.bicep uses missing " + module);
        }
        assertTrue(Repo.exists("infra/abbreviations.json"));
    }

    @Test
    void noGeneratedPasswordsAdminUsersOrAccessPolicies() {
        for (String template : TEMPLATES) {
            String code = Bicep.read(template).code();
            assertFalse(code.contains("newGuid("), template + " generates a value with newGuid()");
            assertFalse(code.matches("(?s).*adminUserEnabled:\\s*true.*"), template + " enables the ACR admin user");
            assertFalse(code.contains("accessPolicies"), template + " uses Key Vault access policies");
            assertFalse(code.contains("listCredentials("), template + " reads registry credentials");
        }
        String vault = Bicep.read("infra/modules/keyvault.bicep").code();
        assertTrue(vault.contains("enableRbacAuthorization: true"));
        assertTrue(vault.contains("enableSoftDelete: true"));
        assertTrue(vault.contains("enablePurgeProtection: true"));
        assertTrue(Bicep.read("infra/modules/registry.bicep").code().contains("adminUserEnabled: false"));
    }

    @Test
    void everyParameterIsDescribedAndSecureOnesHaveNoDefault() {
        for (String template : TEMPLATES) {
            List<Bicep.Param> params = Bicep.read(template).params();
            for (Bicep.Param param : params) {
                assertTrue(param.described(), template + ": param " + param.name() + " has no @description");
                if (param.secure()) {
                    assertNull(param.defaultValue(), template + ": secure param " + param.name() + " has a default");
                }
            }
        }
        assertTrue(Bicep.read("infra/main.bicep").param("dbPassword").secure(), "the database password is @secure()");
        assertTrue(Bicep.read("infra/modules/postgres.bicep").param("administratorLoginPassword").secure());
    }

    @Test
    void environmentTypeIsValidated() {
        Bicep.Param type = Bicep.read("infra/main.bicep").param("environmentType");
        String allowed = String.join(" ", type.decorators());
        assertTrue(allowed.startsWith("@allowed("), "environmentType is @allowed: " + type.decorators());
        String main = Bicep.read("infra/main.bicep").code();
        for (String environment : List.of("dev", "test", "prod")) {
            assertTrue(main.contains("'" + environment + "'") && Bicep.read("infra/main.bicep").body("var", "envSettings")
                    .matches("(?s).*\\b" + environment + ":\\s*\\{.*"), "settings for " + environment);
        }
        assertTrue(main.contains("envSettings[environmentType]"));
    }

    @Test
    void prodHasNoAllowAllAzureFirewallRule() {
        String settings = Bicep.read("infra/main.bicep").body("var", "envSettings");
        String prod = settings.substring(settings.indexOf("prod:"));
        assertEquals("true", Bicep.property(prod, "privateNetworking"), "prod keeps PostgreSQL in a VNet");
        String postgresModule = Bicep.read("infra/main.bicep").body("module", "postgres");
        assertEquals("!settings.privateNetworking", Bicep.property(postgresModule, "allowAzureServices"));
        List<String> rules = Bicep.read("infra/modules/postgres.bicep").resources("Microsoft.DBforPostgreSQL/flexibleServers/firewallRules");
        assertFalse(rules.isEmpty(), "the dev/test firewall rule is found");
        for (String rule : rules) {
            assertTrue(rule.contains("= if (allowAzureServices && !privateAccess)"), "firewall rules are conditional: " + rule);
        }
        String postgres = Bicep.read("infra/modules/postgres.bicep").code();
        assertTrue(postgres.contains("publicNetworkAccess: 'Disabled'"), "private access disables the public endpoint");
        assertTrue(postgres.matches("(?s).*name: 'require_secure_transport'\\s*\\n\\s*properties:\\s*\\{\\s*value: 'ON'.*"),
                "TLS required");
    }

    @Test
    void outputsAreUpperSnakeAndCarryNoSecret() {
        Set<String> secureParams = Bicep.read("infra/main.bicep").params().stream().filter(Bicep.Param::secure)
                .map(Bicep.Param::name).collect(Collectors.toSet());
        for (Bicep.Output output : Bicep.read("infra/main.bicep").outputs()) {
            assertTrue(output.name().matches("[A-Z][A-Z0-9_]*"), "output " + output.name() + " is not UPPER_SNAKE");
            assertFalse(output.name().replace("KEY_VAULT", "").matches(".*(PASSWORD|SECRET|KEY|CONNECTION).*"),
                    "output " + output.name() + " looks like a secret");
            for (String secure : secureParams) {
                assertFalse(output.expression().contains(secure), "output " + output.name() + " exposes " + secure);
            }
        }
        for (String template : TEMPLATES) {
            for (Bicep.Output output : Bicep.read(template).outputs()) {
                assertFalse(output.expression().matches(".*(listKeys|listCredentials|getSecret|\\.secrets|[Pp]assword).*"),
                        template + ": output " + output.name() + " = " + output.expression());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void parametersFileMatchesTheTemplate() {
        Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Repo.read("infra/main.parameters.json"));
        Map<String, Map<String, Object>> values = (Map<String, Map<String, Object>>) file.get("parameters");
        List<Bicep.Param> params = Bicep.read("infra/main.bicep").params();
        Set<String> names = params.stream().map(Bicep.Param::name).collect(Collectors.toSet());
        for (String given : values.keySet()) {
            assertTrue(names.contains(given), "main.parameters.json sets unknown param " + given);
        }
        for (Bicep.Param param : params) {
            if (param.defaultValue() == null) {
                assertTrue(values.containsKey(param.name()), "required param " + param.name() + " has no value");
            }
        }
        String password = String.valueOf(values.get("dbPassword").get("value"));
        assertTrue(password.startsWith("$(secretOrRandomPassword ${AZURE_KEY_VAULT_NAME} db-password)"),
                "the password is generated once by azd and read back from the vault: " + password);
    }

    @Test
    void namesUseTheResourceToken() {
        String main = Bicep.read("infra/main.bicep").code();
        assertTrue(main.contains("var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))"));
        assertTrue(main.contains("loadJsonContent('abbreviations.json')"));
    }
}
