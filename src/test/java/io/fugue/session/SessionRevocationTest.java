package io.fugue.session;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Api.PASSWORD;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.fugue.support.Api;
import io.fugue.support.ForwardedClient;
import io.fugue.testing.StrictLimitsProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** With {@code fugue.session.revocation.enabled}, logout revokes the session on the server. */
@QuarkusTest
@TestProfile(StrictLimitsProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionRevocationTest {

    private static final String URL = System.getProperty("quarkus.datasource.jdbc.url",
            System.getenv().getOrDefault("FUGUE_TEST_JDBC_URL", "jdbc:postgresql://localhost:5432/fugue_test"));

    /** A row of a session that expired long ago, which the first logout's purge must remove. */
    private final UUID expiredRow = UUID.randomUUID();

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    @BeforeAll
    void storeAnExpiredRevocation() {
        execute("INSERT INTO revoked_sessions (session_id, expires_at) VALUES (?, ?)", expiredRow,
                Timestamp.from(Instant.now().minus(Duration.ofDays(1))));
    }

    @Test
    void aCookieCopiedBeforeLogoutIsRefusedAfterIt() {
        ForwardedClient client = ForwardedClient.random();
        String username = Api.uniqueUsername("revoked");
        client.register(username);
        String copy = client.login(username, PASSWORD).then().statusCode(204).extract().cookie(COOKIE);
        String otherSession = client.login(username, PASSWORD).then().statusCode(204).extract().cookie(COOKIE);
        given().cookie(COOKIE, copy).when().get("/api/session").then().statusCode(200);

        given().cookie(COOKIE, copy).when().delete("/api/session").then().statusCode(204);

        assertProblem(given().cookie(COOKIE, copy).when().get("/api/session").then(), 401);
        assertProblem(given().cookie(COOKIE, copy).when().get("/api/notes").then(), 401);
        // Only that login ended: the same user's other session goes on.
        given().cookie(COOKIE, otherSession).when().get("/api/session").then().statusCode(200);
        // Logging out again with the revoked copy is harmless.
        given().cookie(COOKIE, copy).when().delete("/api/session").then().statusCode(204);

        Map<String, Object> claims = TestTokens.decode(copy, 1);
        Optional<Instant> stored = revokedUntil(UUID.fromString((String) claims.get("jti")));
        assertEquals(Optional.of(Instant.ofEpochSecond(((Number) claims.get("exp")).longValue())), stored,
                "kept exactly until the token would expire");
        assertFalse(revokedUntil(expiredRow).isPresent(), "expired rows are purged");
        given().when().get("/q/metrics").then()
                .body(containsString("fugue_session_verifications_total{reason=\"revoked\",result=\"rejected\"}"));
    }

    @Test
    void aTokenWithoutSessionIdCannotBeRevokedSoItIsRefused() {
        String accountId = ForwardedClient.random().register(Api.uniqueUsername("nojti"));
        String key = vault.latestValue(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY)
                .orElseThrow();
        String kid = vault.latestVersion(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY)
                .orElseThrow();
        String withoutJti = TestTokens.hs256(key, kid, accountId);
        assertTrue(TestTokens.decode(withoutJti, 1).get("jti") == null);

        assertProblem(given().cookie(COOKIE, withoutJti).when().get("/api/session").then(), 401);
    }

    private static Optional<Instant> revokedUntil(UUID sessionId) {
        try (Connection connection = DriverManager.getConnection(URL, "fugue", "fugue");
                PreparedStatement query = connection.prepareStatement(
                        "SELECT expires_at FROM revoked_sessions WHERE session_id = ?")) {
            query.setObject(1, sessionId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getTimestamp(1).toInstant()) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(URL, "fugue", "fugue");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
