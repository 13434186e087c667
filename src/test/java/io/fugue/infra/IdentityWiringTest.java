package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The identity given "Key Vault Secrets User" (and AcrPull) is the identity attached to the app, whose client id
 * the app is told to use; and no other principal gets that role.
 */
class IdentityWiringTest {

    private static final String SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";
    private static final String ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

    private static final Bicep MAIN = Bicep.read("infra/main.bicep");

    /** The module symbol whose output feeds {@code param} of module {@code module}, e.g. appIdentity. */
    private static String source(String module, String param, String output) {
        String value = Bicep.property(MAIN.body("module", module), param);
        assertNotNull(value, "module " + module + " gets no " + param);
        Matcher m = Pattern.compile("^(\\w+)\\.outputs\\." + output + "$").matcher(value);
        assertTrue(m.matches(), module + "." + param + " = " + value + ", expected <identity module>.outputs." + output);
        return m.group(1);
    }

    @Test
    void oneIdentityGetsTheRolesAndIsTheAppsIdentity() {
        String vaultReader = source("keyVault", "secretsUserPrincipalId", "principalId");
        String imagePuller = source("registry", "pullPrincipalId", "principalId");
        String attached = source("api", "identityId", "id");
        String clientId = source("api", "identityClientId", "clientId");
        assertEquals(vaultReader, attached, "the vault reader is the identity attached to the app");
        assertEquals(vaultReader, clientId, "the app is told the client id of the vault reader");
        assertEquals(vaultReader, imagePuller, "the same identity pulls the image");
        assertEquals("modules/identity.bicep", MAIN.modules().get(vaultReader), "a user-assigned identity module");
        assertEquals(1, MAIN.modules().values().stream().filter("modules/identity.bicep"::equals).count(),
                "one identity for the app");
    }

    @Test
    void secretsUserRoleGoesToThatPrincipalOnlyAndOnTheVault() {
        Bicep vault = Bicep.read("infra/modules/keyvault.bicep");
        List<String> assignments = vault.resources("Microsoft.Authorization/roleAssignments");
        List<String> readers = assignments.stream()
                .filter(a -> a.contains("secretsUserRoleId") || a.contains(SECRETS_USER)).toList();
        assertEquals(1, readers.size(), "exactly one Key Vault Secrets User assignment");
        String reader = readers.get(0);
        assertEquals("secretsUserPrincipalId", Bicep.property(reader, "principalId"));
        assertEquals("vault", Bicep.property(reader, "scope"), "scoped to the vault, not wider");
        assertTrue(vault.code().contains("var secretsUserRoleId = '" + SECRETS_USER + "'"), "the built-in role id");
        // Any other role on the vault is for the operator, never the app identity and never Secrets User.
        for (String other : assignments) {
            if (other != reader) {
                assertTrue(!other.contains("secretsUserPrincipalId"), "the app identity gets one role on the vault");
            }
        }
    }

    @Test
    void appUsesTheIdentityForEverything() {
        String app = Bicep.read("infra/modules/app.bicep").code();
        assertTrue(app.contains("type: 'UserAssigned'") && app.contains("'${identityId}': {}"), "identity attached");
        assertTrue(app.matches("(?s).*name:\\s*'FUGUE_KEYVAULT_MANAGED_IDENTITY_CLIENT_ID'\\s*\\n\\s*value:\\s*identityClientId\\b.*"),
                "the app is given identityClientId");
        assertTrue(app.matches("(?s).*registries:\\s*\\[\\s*\\{\\s*server:\\s*registryServer\\s*\\n\\s*identity:\\s*identityId\\b.*"),
                "the registry is pulled with the identity (no admin credentials)");
        Matcher refs = Pattern.compile("keyVaultUrl:[^\\n]*\\n\\s*identity:\\s*(\\w+)").matcher(app);
        int count = 0;
        while (refs.find()) {
            assertEquals("identityId", refs.group(1), "Method 1 references are read with the app identity");
            count++;
        }
        assertEquals(3, count, "three Key Vault references");
    }

    @Test
    void acrPullGoesToThePullPrincipal() {
        Bicep registry = Bicep.read("infra/modules/registry.bicep");
        List<String> assignments = registry.resources("Microsoft.Authorization/roleAssignments");
        assertEquals(1, assignments.size());
        assertEquals("pullPrincipalId", Bicep.property(assignments.get(0), "principalId"));
        assertTrue(registry.code().contains("var acrPullRoleId = '" + ACR_PULL + "'"));
    }

    @Test
    void rolesExistBeforeTheApp() {
        String api = MAIN.body("module", "api");
        String dependsOn = api.substring(api.indexOf("dependsOn"));
        assertTrue(dependsOn.contains("keyVault") && dependsOn.contains("registry"),
                "the app module waits for the modules that carry its role assignments");
    }
}
