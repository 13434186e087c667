package io.fugue.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.quarkus.test.junit.QuarkusTest;

/** Health, OpenAPI and metrics endpoints are served; every answer carries the security headers. */
@QuarkusTest
class OperationsTest {

    @Test
    void readinessCoversTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiDescribesTheApi() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("paths.keySet()", hasItem("/api/notes"))
                .body("paths.keySet()", hasItem("/api/notes/{id}"))
                .body("paths.keySet()", hasItem("/api/session"))
                .body("paths.keySet()", hasItem("/api/accounts"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "/api/accounts", "/api/session", "/api/notes", "/nope", "/q/health/ready" })
    void everyAnswerCarriesTheSecurityHeaders(String path) {
        given().when().get(path)
                .then().header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Strict-Transport-Security", equalTo(strictTransportSecurity()));
    }

    /** None in the %test profile (as in dev: plain HTTP on localhost); the packaged application runs in prod. */
    protected String strictTransportSecurity() {
        return null;
    }

    @Test
    void metricsAreInPrometheusFormat() {
        given().when().get("/api/session").then().statusCode(401); // at least one API request to count
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_requests_seconds"));
    }

    /**
     * Answers given before a JAX-RS method matches (405, 413, 415) are still counted under the route template, so
     * ids in URLs never become metric labels: each would be a new series (one per note, or per random path an
     * attacker sends) and would publish note ids.
     */
    @Test
    void noteIdsNeverBecomeMetricLabels() {
        String session = Api.newSession("metrics");
        String id = UUID.randomUUID().toString();
        given().cookie(Api.COOKIE, session).contentType("application/json").body("{}")
                .when().post("/api/notes/" + id).then().statusCode(405);
        given().cookie(Api.COOKIE, session).contentType("text/plain").body("x")
                .when().put("/api/notes/" + id).then().statusCode(415);
        given().cookie(Api.COOKIE, session).contentType("application/json").body("x".repeat(200_000))
                .when().put("/api/notes/" + id).then().statusCode(413);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(id), "a note id is a metric label");
        assertTrue(metrics.contains("status=\"405\",uri=\"/api/notes/{id}\""), metrics);
    }

    /**
     * A client error on a path no route knows (an oversized body is refused before routing, on any path) is counted
     * as {@code UNKNOWN}, not under that path: each invented path would be a new series, and the first 100 would use
     * up the URI tags Micrometer allows, so that routes seen later got no metrics at all.
     */
    @Test
    void inventedPathsNeverBecomeMetricLabels() {
        String invented = "/x-" + UUID.randomUUID();
        given().contentType("application/json").body("x".repeat(200_000))
                .when().post(invented).then().statusCode(413);

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertFalse(metrics.contains(invented), "an invented path is a metric label");
        assertTrue(metrics.lines().anyMatch(line -> line.contains("method=\"POST\"")
                && line.contains("status=\"413\",uri=\"UNKNOWN\"")), metrics);
    }
}
