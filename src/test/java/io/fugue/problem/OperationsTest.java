package io.fugue.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void metricsAreInPrometheusFormat() {
        given().when().get("/api/session").then().statusCode(401); // at least one API request to count
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"))
                .body(containsString("http_server_requests_seconds"));
    }
}
