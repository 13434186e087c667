package io.fugue.datasource;

import static io.fugue.testing.keyvault.KeyVaultEmulatorResource.DB_PASSWORD;
import static io.fugue.testing.keyvault.KeyVaultEmulatorResource.DB_USERNAME;
import static io.fugue.testing.keyvault.KeyVaultEmulatorResource.VAULT;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.fugue.support.LoadClient;
import io.fugue.support.Operations;
import io.fugue.support.Problems;
import io.fugue.testing.ManualRefreshProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

/**
 * The database password rotates under load with no failed request and no restart: the role gets a new password,
 * Key Vault a new version, the operations hook refreshes and flushes the pool, and every new connection logs in with
 * the new password while the old one no longer works.
 * <p>
 * The rotated role is one of the test's own, a member of {@code fugue} (so it has its privileges), created for each
 * test and dropped after it: a test that dies half-way never leaves the shared {@code fugue} role with a changed
 * password, and runs side by side on one server never see each other's rotation. Switching the application to it is
 * itself a rotation of both {@code db-username} and {@code db-password}, which a refresh applies in one step.
 */
@QuarkusTest
@TestProfile(ManualRefreshProfile.class)
class DatabasePasswordRotationTest {

    private static final String SHARED_ROLE = "fugue";

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    private final String role = "fugue_rotation_" + UUID.randomUUID().toString().substring(0, 8);
    private String rolePassword;

    @BeforeEach
    void switchTheApplicationToARoleOfThisTest() throws Exception {
        rolePassword = "initial-" + UUID.randomUUID();
        asSharedRole("CREATE ROLE " + role + " LOGIN IN ROLE " + SHARED_ROLE + " PASSWORD " + literal(rolePassword));
        vault.setSecret(VAULT, DB_USERNAME, role);
        vault.setSecret(VAULT, DB_PASSWORD, rolePassword);
        assertEquals(List.of(DB_PASSWORD, DB_USERNAME), Operations.refreshChanged());
        Operations.flush();
    }

    @AfterEach
    void backToTheSharedRole() throws Exception {
        vault.setSecret(VAULT, DB_USERNAME, SHARED_ROLE);
        vault.setSecret(VAULT, DB_PASSWORD, SHARED_ROLE);
        Operations.refresh().then().statusCode(200);
        Operations.flush();
        awaitNoConnectionOf(role);
        asSharedRole("DROP ROLE IF EXISTS " + role);
    }

    @Test
    void rotatedPasswordReachesNewConnectionsWithoutAFailedRequest() throws Exception {
        String oldPassword = rolePassword;
        String newPassword = "rotated-" + UUID.randomUUID();
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
        try (LoadClient load = new LoadClient(base, Api.newSession("dbrotate"), 4)) {
            load.awaitMore(50);
            assertTrue(load.failures().isEmpty(), () -> "failed requests before the rotation: " + load.failures());
            assertTrue(connectionsOpenedSince(oldPassword, Instant.EPOCH) > 0, "the application logs in as " + role);

            Instant rotatedAt = Instant.now();
            asSharedRole("ALTER ROLE " + role + " PASSWORD " + literal(newPassword));
            vault.setSecret(VAULT, DB_PASSWORD, newPassword);
            assertEquals(List.of(DB_PASSWORD), Operations.refreshChanged(), "one secret changed");
            // Open connections keep the session they logged in with; new ones must use the new password.
            Operations.flush();
            load.awaitMore(200);

            assertTrue(load.failures().isEmpty(), () -> "failed requests: " + load.failures());
            assertTrue(connectionsOpenedSince(newPassword, rotatedAt) > 0,
                    "the pool opened new connections after the rotation");
            // The old password no longer logs in at all, and the service keeps working.
            assertThrows(SQLException.class, () -> DriverManager.getConnection(Database.url(), role, oldPassword).close());
            Api.createNote(Api.newSession("dbrotate"), "after the rotation", "a new account, a new note");
            load.awaitMore(50);
            assertTrue(load.failures().isEmpty(), () -> "failed requests: " + load.failures());
        }
    }

    /** Runs DDL as the shared role, which may create and alter roles (CREATEROLE, see README "Test"). */
    /**
     * The role's password changed but the vault still holds the old one (its step forgotten, or the refresh before
     * failed): a flush would close the connections that still serve and leave none that can log in. It is refused,
     * saying why, and the API keeps working on the open connections.
     */
    @Test
    void aFlushIsRefusedWhileNewConnectionsCannotLogIn() throws Exception {
        String session = Api.newSession("flush-refused");
        asSharedRole("ALTER ROLE " + role + " PASSWORD " + literal("changed-" + UUID.randomUUID()));
        try {
            Problems.assertProblem(Operations.request().when().post("/datasource/flush").then(), 409)
                    .body("type", equalTo("urn:fugue:problem:database-login-fails"))
                    .body("detail", containsString("database error code 28P01"));
            Api.createNote(session, "after a refused flush", "served by the pool's open connections");
        } finally {
            asSharedRole("ALTER ROLE " + role + " PASSWORD " + literal(rolePassword));
        }
        Operations.flush();
    }

    private static void asSharedRole(String sql) throws SQLException {
        try (Connection connection = Database.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** ALTER/CREATE ROLE take no bind parameters; the values are generated by this test, not user input. */
    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Backends of the test's role started after {@code since}, other than the one asking. */
    private long connectionsOpenedSince(String password, Instant since) throws SQLException {
        try (Connection connection = DriverManager.getConnection(Database.url(), role, password);
                PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity "
                        + "WHERE usename = ? AND backend_start > ? AND pid <> pg_backend_pid()")) {
            query.setString(1, role);
            query.setTimestamp(2, Timestamp.from(since));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** PostgreSQL drops a role whose sessions are still open, so wait until the flush has closed the pool's. */
    private static void awaitNoConnectionOf(String role) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        try (Connection connection = Database.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = ?")) {
            query.setString(1, role);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) == 0) {
                        return;
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("role " + role + " still has sessions 10 s after the flush");
    }
}
