package io.fugue.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Every replica of every revision that may run at once fits the PostgreSQL server's connections. A deploy keeps the
 * old revision until the new one is ready, so twice the replicas can hold a full pool; beyond the server's limit, new
 * connections are refused (53300: 503 answers, and a new revision whose Flyway cannot connect never becomes ready).
 */
class DatabaseConnectionBudgetTest {

    /**
     * {@code max_connections} of the SKUs the environments use, from Azure's "Limits in Azure Database for PostgreSQL
     * flexible server" (learn.microsoft.com/azure/postgresql/flexible-server/concepts-limits); 15 are reserved.
     */
    private static final Map<String, Integer> MAX_CONNECTIONS = Map.of(
            "Standard_B1ms", 50,
            "Standard_B2s", 429,
            "Standard_D2ds_v5", 859);
    private static final int RESERVED_FOR_AZURE = 15;
    /** psql sessions of an operator (rotation, a migration check) and the bootstrap hook. */
    private static final int OPERATOR_SESSIONS = 3;

    @Test
    void twoRevisionsOfFullPoolsFitEveryEnvironmentsServer() {
        String settings = Bicep.read("infra/main.bicep").body("var", "envSettings");
        for (String environment : List.of("dev", "test", "prod")) {
            String block = environmentBlock(settings, environment);
            String sku = unquote(Bicep.property(block, "postgresSkuName"));
            Integer maxConnections = MAX_CONNECTIONS.get(sku);
            assertNotNull(maxConnections, sku + " (" + environment + "): add its max_connections from Azure's limits page");
            int replicas = Integer.parseInt(Bicep.property(block, "maxReplicas"));
            int pool = Integer.parseInt(Bicep.property(block, "databasePoolSize"));

            int needed = 2 * replicas * pool + OPERATOR_SESSIONS;
            int usable = maxConnections - RESERVED_FOR_AZURE;
            assertTrue(needed <= usable, environment + ": 2 revisions x " + replicas + " replicas x " + pool
                    + " connections + " + OPERATOR_SESSIONS + " = " + needed + ", but " + sku + " allows " + usable);
            assertTrue(pool >= 2, environment + ": Flyway needs two connections at start");
        }
    }

    @Test
    void theEnvironmentsPoolSizeReachesTheApp() {
        String api = Bicep.read("infra/main.bicep").body("module", "api");
        assertEquals("settings.databasePoolSize", Bicep.property(api, "databasePoolSize"));
        String baseEnv = Bicep.read("infra/modules/app.bicep").body("var", "baseEnv");
        assertTrue(baseEnv.matches("(?s).*name: 'QUARKUS_DATASOURCE_JDBC_MAX_SIZE'\\s*\\n\\s*value: string\\(databasePoolSize\\).*"),
                baseEnv);
        assertTrue(Repo.read("src/main/resources/application.properties").contains("quarkus.datasource.jdbc.max-size="),
                "the variable overrides the pool size the app reads");
    }

    private static String environmentBlock(String settings, String environment) {
        int start = settings.indexOf("\n  " + environment + ": {");
        assertTrue(start >= 0, "envSettings has no " + environment);
        int end = settings.indexOf("\n  }", start);
        return settings.substring(start, end);
    }

    private static String unquote(String value) {
        return value.replace("'", "");
    }
}
