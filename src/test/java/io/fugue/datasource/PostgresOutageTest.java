package io.fugue.datasource;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.fugue.support.LoadClient;
import io.fugue.support.Problems;
import io.fugue.testing.postgres.PostgresOutageProfile;
import io.fugue.testing.postgres.PostgresProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * PostgreSQL restarts under load (every connection closed, new ones refused for a few seconds, then back): requests
 * fail fast with 503 problem+json, readiness goes DOWN naming the datasource and UP again, the pool recovers without
 * a restart of fugue, and no write that was answered 201 is lost.
 */
@QuarkusTest
@TestProfile(PostgresOutageProfile.class)
class PostgresOutageTest {

    /** The bound: no request waits longer than this, outage or not. */
    private static final Duration MAX_ANSWER_TIME = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final String DATABASE_CHECK = "Database connections health check";

    private final PostgresProxy proxy = PostgresProxy.shared();

    @AfterEach
    void databaseIsBack() {
        proxy.restore();
    }

    @Test
    void aRestartUnderLoadFailsFastAndLosesNoAnsweredWrite() throws Exception {
        String session = Api.newSession("pgoutage");
        List<LoadClient.Result> results;
        boolean sawDown;
        try (LoadClient load = new LoadClient(baseUri(), session, 4)) {
            assertTrue(load.awaitMoreSuccesses(20, Duration.ofSeconds(30)), "load is running");

            proxy.cut();
            long cutAt = System.nanoTime();
            sawDown = awaitReadiness("DOWN", Duration.ofSeconds(10));
            // Readiness is public: a failure is told by its SQLState, never by the driver's message (host, user).
            String readiness = given().when().get("/q/health/ready").then().extract().asString();
            String proxyPort = String.valueOf(URI.create(proxy.jdbcUrl().substring("jdbc:".length())).getPort());
            assertFalse(readiness.contains(":" + proxyPort) || readiness.toLowerCase().contains("refused"), readiness);
            sleepUntil(cutAt + OUTAGE.toNanos());
            proxy.restore();

            assertTrue(awaitReadiness("UP", Duration.ofSeconds(20)), "readiness is UP again after the restore");
            assertTrue(load.awaitMoreSuccesses(40, Duration.ofSeconds(30)), "the pool recovered without a restart");
            results = load.results();
        }
        assertTrue(sawDown, "readiness went DOWN while the database was cut away");

        LoadClient.Result slowest = results.stream().max((a, b) -> Long.compare(a.millis(), b.millis())).orElseThrow();
        assertTrue(slowest.millis() < MAX_ANSWER_TIME.toMillis(), () -> "a request took " + slowest);
        List<LoadClient.Result> failed = results.stream().filter(r -> r.status() / 100 != 2).toList();
        assertTrue(!failed.isEmpty(), "the outage reached the application: some requests failed");
        for (LoadClient.Result result : failed) {
            assertEquals(503, result.status(), () -> "every failure is a 503: " + result);
            assertTrue(result.contentType().startsWith(Problems.PROBLEM_JSON), result::toString);
            assertEquals("5", result.retryAfter(), result::toString);
            JsonPath problem = JsonPath.from(result.body());
            assertEquals("urn:fugue:problem:database-unavailable", problem.getString("type"), result::toString);
            assertEquals(503, problem.getInt("status"));
        }

        Set<UUID> created = results.stream().filter(r -> r.status() == 201)
                .map(r -> UUID.fromString(r.location().substring(r.location().lastIndexOf('/') + 1)))
                .collect(Collectors.toSet());
        Set<UUID> stored = Database.existingNoteIds(created);
        assertEquals(created, stored, "every note answered 201 is in the database");

        // And the application goes on as before.
        Api.createNote(session, "after the outage", "saved");
        given().cookie(COOKIE, session).when().get("/api/notes?limit=1").then().statusCode(200);
    }

    /** Polls readiness until it reports {@code status}; DOWN must name the datasource's check. */
    private static boolean awaitReadiness(String status, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath health = given().when().get("/q/health/ready").then().extract().jsonPath();
            if (status.equals(health.getString("status"))
                    && status.equals(health.getString("checks.find { it.name == '" + DATABASE_CHECK + "' }.status"))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static URI baseUri() {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/");
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(remaining / 1_000_000);
        }
    }
}
