package io.fugue.datasource;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.fugue.support.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Every pooled connection busy (a slow database, a burst of load): a request that cannot get one in time is a 503
 * with Retry-After, logged as a WARN. Agroal words this timeout otherwise than the one while it opens a connection,
 * and it was a 500 with an ERROR line and a stack trace per request.
 */
@QuarkusTest
@TestProfile(PoolExhaustionTest.TwoConnections.class)
class PoolExhaustionTest {

    /**
     * A pool of two connections (Flyway needs two at start), and a short wait for one. The statement limits are far
     * above the test's waits, so that PostgreSQL does not cancel the waiting edits and free a connection mid-test.
     */
    public static class TwoConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.datasource.jdbc.max-size", "2", "quarkus.datasource.jdbc.acquisition-timeout",
                    "PT0.5S", "quarkus.datasource.jdbc.new-connection-sql", "SET statement_timeout = '60s'",
                    "quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "60");
        }
    }

    @Test
    void aRequestThatGetsNoConnectionInTimeIsA503() throws Exception {
        String session = Api.newSession("pool");
        List<String> ids = List.of(Api.createNote(session, "locked 1", ""), Api.createNote(session, "locked 2", ""));
        try (Connection holder = Database.connect();
                LogCapture problems = LogCapture.of("io.fugue.problem", Level.WARNING)) {
            holder.setAutoCommit(false);
            Database.lockNotes(holder, ids);
            // Two edits take the pool's two connections and wait for their rows.
            List<CompletableFuture<Response>> edits = ids.stream().map(id -> CompletableFuture.supplyAsync(
                    () -> given().cookie(COOKIE, session).contentType(ContentType.JSON)
                            .body(new Api.NoteBody("edited", "")).when().put("/api/notes/" + id))).toList();
            Database.awaitBlockedBy(holder, 2);

            assertProblem(given().cookie(COOKIE, session).when().get("/api/notes").then(), 503)
                    .header("Retry-After", equalTo("5"));

            holder.rollback();
            for (CompletableFuture<Response> edit : edits) {
                assertEquals(200, edit.get(30, TimeUnit.SECONDS).statusCode(), "the waiting edit went through");
            }
            assertEquals(List.of(), problems.messages(Level.SEVERE));
            assertTrue(problems.messages(Level.WARNING).stream().anyMatch(
                    line -> line.startsWith("Database unavailable, answered 503 to /api/notes")), problems::everything);
        }
        given().cookie(COOKIE, session).when().get("/api/notes").then().statusCode(200);
    }
}
