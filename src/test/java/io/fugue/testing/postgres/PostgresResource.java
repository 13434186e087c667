package io.fugue.testing.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The PostgreSQL the tests use: a real server, by default the local one that {@code .ci/run} (or the README's
 * one-time setup) prepares, or any other given by {@code FUGUE_TEST_JDBC_URL}. Checks that it answers before the
 * application starts, so a missing database is one clear message instead of a failed boot per test class, and
 * gives the URL to a packaged application too (the prod profile has none).
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/fugue_test";

    /** The tests' database: {@code -Dquarkus.datasource.jdbc.url}, else {@code FUGUE_TEST_JDBC_URL}, else the default. */
    public static String url() {
        return System.getProperty("quarkus.datasource.jdbc.url",
                System.getenv().getOrDefault("FUGUE_TEST_JDBC_URL", DEFAULT_URL));
    }

    @Override
    public Map<String, String> start() {
        String url = url();
        // The role's development password: only the login check here, the application gets it from the vault.
        try (Connection connection = DriverManager.getConnection(url, "fugue", "fugue")) {
            if (!connection.isValid(5)) {
                throw new IllegalStateException("PostgreSQL at " + url + " does not answer");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The tests need PostgreSQL at " + url + " with role fugue/fugue and "
                    + "that database (bash .ci/run prepares them; see README 'Test'): " + e.getMessage(), e);
        }
        return Map.of("quarkus.datasource.jdbc.url", url);
    }

    @Override
    public void stop() {
    }
}
