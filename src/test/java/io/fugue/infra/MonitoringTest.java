package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The vault's audit log reaches the workspace, and every alert and documented query reads a table that is there. */
class MonitoringTest {

    /**
     * Tables the workspace gets from this infrastructure: the vault's diagnostic setting (no
     * logAnalyticsDestinationType, so AzureDiagnostics) and the Container Apps environment's log-analytics
     * destination (the _CL tables).
     */
    private static final Set<String> TABLES = Set.of("AzureDiagnostics", "ContainerAppConsoleLogs_CL",
            "ContainerAppSystemLogs_CL");

    private static final Bicep ALERTS = Bicep.read("infra/modules/alerts.bicep");

    /** The KQL of each alert query variable (the first argument of format('''…''', …)). */
    private static List<String> alertQueries() {
        List<String> queries = new ArrayList<>();
        Matcher m = Pattern.compile("(?s)var (\\w+Query) = format\\('''(.*?)'''").matcher(ALERTS.code());
        while (m.find()) {
            queries.add(m.group(2));
        }
        return queries;
    }

    private static String firstTable(String kql) {
        String body = kql.strip();
        // Skip leading let statements.
        while (body.startsWith("let ")) {
            body = body.substring(body.indexOf(';') + 1).strip();
        }
        return body.split("[\\s|]+")[0];
    }

    @Test
    void vaultSendsAuditEventsToTheWorkspace() {
        Bicep vault = Bicep.read("infra/modules/keyvault.bicep");
        List<String> settings = vault.resources("Microsoft.Insights/diagnosticSettings");
        assertEquals(1, settings.size(), "one diagnostic setting on the vault");
        String setting = settings.get(0);
        assertEquals("vault", Bicep.property(setting, "scope"));
        assertEquals("logAnalyticsWorkspaceId", Bicep.property(setting, "workspaceId"));
        assertTrue(setting.matches("(?s).*category: 'AuditEvent'\\s*\\n\\s*enabled: true.*"), "AuditEvent enabled");
        assertFalse(setting.contains("logAnalyticsDestinationType"),
                "the queries read AzureDiagnostics; resource-specific mode would move the events to AZKVAuditLogs");
        String main = Bicep.read("infra/main.bicep").body("module", "keyVault");
        assertEquals("monitoring.outputs.workspaceId", Bicep.property(main, "logAnalyticsWorkspaceId"));
        assertEquals("monitoring.outputs.workspaceId",
                Bicep.property(Bicep.read("infra/main.bicep").body("module", "alerts"), "logAnalyticsWorkspaceId"),
                "the alerts query the workspace the vault writes to");
    }

    @Test
    void everyAlertQueryReadsAnExistingTable() {
        List<String> queries = alertQueries();
        assertEquals(4, queries.size(), "four alert queries");
        for (String query : queries) {
            String table = firstTable(query);
            assertTrue(TABLES.contains(table), "alert query reads unknown table " + table);
            if (table.equals("AzureDiagnostics")) {
                assertTrue(query.contains("Category == \"AuditEvent\"") && query.contains("\"MICROSOFT.KEYVAULT\""),
                        "Key Vault audit events only");
                assertTrue(query.contains("_ResourceId =~ \"{0}\""), "scoped to this vault");
            }
            if (table.equals("ContainerAppConsoleLogs_CL")) {
                assertTrue(query.contains("ContainerAppName_s == \"{0}\""), "scoped to this app");
            }
        }
    }

    @Test
    void alertsCoverFailedReadsUnexpectedReadersAndThrottling() {
        List<String> queries = alertQueries();
        assertTrue(queries.stream().anyMatch(q -> q.contains("Status == 403") && q.contains("CallerAppId =~ \"{1}\"")
                && q.contains("ResultDescription")), "failed secret reads by the app identity, with the vault's reason");
        assertTrue(queries.stream().anyMatch(q -> q.contains("OperationName == \"SecretGet\"")
                && q.contains("not(CallerObjectId =~ \"{2}\" or CallerAppId =~ \"{1}\")")), "reads by other principals");
        assertTrue(queries.stream().anyMatch(q -> q.contains("== 429")), "throttling");
        String code = ALERTS.code();
        assertTrue(code.contains("keyVaultId, appIdentityClientId, appIdentityPrincipalId"), "placeholders bound in order");
        assertTrue(code.contains("resource alertRules 'Microsoft.Insights/scheduledQueryRules@"));
        assertTrue(code.contains("actionGroup.id"), "rules notify the action group");
        assertTrue(code.contains("emailAddress: alertEmail"), "e-mail receiver from a parameter");
        String main = Bicep.read("infra/main.bicep").body("module", "alerts");
        assertEquals("appIdentity.outputs.clientId", Bicep.property(main, "appIdentityClientId"));
        assertEquals("appIdentity.outputs.principalId", Bicep.property(main, "appIdentityPrincipalId"));
        assertEquals("keyVault.outputs.id", Bicep.property(main, "keyVaultId"));
        assertEquals("api.outputs.name", Bicep.property(main, "appName"), "the app's console log is watched");
        assertTrue(queries.stream().anyMatch(q -> q.startsWith("ContainerAppConsoleLogs_CL")
                && q.contains("could not be resolved") && q.contains("Key Vault refresh failed (")),
                "failed boots and refreshes, which the vault's log cannot show");
        assertTrue(code.contains("appName)"), "the app name is bound to {0} of the console query");
    }

    /**
     * What the queries look for in the app's console is what the app writes: every quoted text a query on
     * ContainerAppConsoleLogs_CL matches with startswith or contains is in a string literal of the main code. A
     * reworded log line would otherwise leave an alert that never fires. A failed boot writes plain text (before
     * JSON logging is set up), so such a query must fall back to the raw line.
     */
    @Test
    void consoleQueriesLookForTextTheAppWrites() throws IOException {
        List<String> javaLiterals = javaStringLiterals();
        List<String> queries = new ArrayList<>(alertQueries());
        Matcher blocks = Pattern.compile("(?s)```kusto\\n(.*?)```").matcher(Repo.read("docs/operations.md"));
        while (blocks.find()) {
            queries.add(blocks.group(1));
        }
        int checked = 0;
        for (String query : queries) {
            if (!firstTable(query).equals("ContainerAppConsoleLogs_CL")) {
                continue;
            }
            Matcher quoted = Pattern.compile("\\b(?:startswith|contains) \"([^\"]+)\"").matcher(query);
            while (quoted.find()) {
                String text = quoted.group(1);
                if (text.equals("ca-api-")) {
                    continue; // the app's name, not a log line
                }
                assertTrue(javaLiterals.stream().anyMatch(literal -> literal.contains(text)),
                        "no log line of the main code contains \"" + text + "\" (query: " + query + ")");
                checked++;
            }
            if (query.contains("could not be resolved")) {
                assertTrue(query.contains("iff(isnotempty(Entry.message), tostring(Entry.message), Log_s)"),
                        "a failed boot is plain text: " + query);
            }
        }
        assertTrue(checked >= 8, checked + " texts checked");
    }

    /** The string literals of src/main/java, escapes undone. */
    private static List<String> javaStringLiterals() throws IOException {
        List<String> literals = new ArrayList<>();
        for (Path file : Repo.files("src/main/java", ".java")) {
            Matcher literal = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"").matcher(Files.readString(file));
            while (literal.find()) {
                literals.add(literal.group(1).replace("\\n", "\n").replace("\\\"", "\""));
            }
        }
        return literals;
    }

    @Test
    void documentedQueriesReadExistingTablesAndMatchTheAppsLogLines() {
        String operations = Repo.read("docs/operations.md");
        Matcher blocks = Pattern.compile("(?s)```kusto\\n(.*?)```").matcher(operations);
        int count = 0;
        while (blocks.find()) {
            String table = firstTable(blocks.group(1));
            assertTrue(TABLES.contains(table), "docs/operations.md queries unknown table " + table);
            count++;
        }
        assertTrue(count >= 4, "KQL for secret reads and fugue's own log lines");
        assertTrue(operations.contains("(rotation.md)"), "links the rotation guide");
        // The log lines the queries look for are the ones the code writes.
        String factory = Repo.read("src/main/java/io/fugue/keyvault/KeyVaultConfigSourceFactory.java");
        assertNotNull(factory);
        assertTrue(factory.contains("\"Resolved %d secrets from %d vault(s)"), "boot line changed; update operations.md");
        String refresher = Repo.read("src/main/java/io/fugue/keyvault/SecretRefresher.java");
        assertTrue(refresher.contains("\"Key Vault refresh failed (%s)"), "refresh WARN changed; update operations.md");
        assertTrue(operations.contains("Resolved N secrets from M vault(s)") && operations.contains("Key Vault refresh failed"));
    }
}
