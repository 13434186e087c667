package io.fugue.problem;

import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.fugue.support.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Framework-level answers: all of them problem documents. */
@QuarkusTest
class ProblemResponsesTest {

    @TestHTTPResource("/api/notes")
    URI notes;

    @TestHTTPResource("/api/accounts")
    URI accounts;

    @ParameterizedTest
    @ValueSource(strings = { "/nope", "/api/unknown", "/api/notes/x/y", "/q/nope", "/api" })
    void unknownRoutesAreProblemNotFound(String path) {
        assertProblem(given().when().get(path).then(), 404)
                .body("type", equalTo("about:blank"))
                .body("title", equalTo("Not Found"))
                .body("instance", equalTo(path));
        assertProblem(given().contentType(ContentType.JSON).body("{}").when().post(path).then(), 404);
    }

    @Test
    void wrongMethodIsProblemMethodNotAllowed() {
        assertProblem(given().when().patch("/api/notes").then(), 405);
        assertProblem(given().when().get("/api/accounts").then(), 405);
        assertProblem(given().when().put("/api/session").then(), 405);
    }

    @Test
    void wrongContentTypeIsProblemUnsupportedMediaType() {
        assertProblem(given().contentType(ContentType.XML).body("<a/>").when().post("/api/accounts").then(), 415);
        assertProblem(given().contentType(ContentType.TEXT).body("{}").when().post("/api/session").then(), 415);
    }

    @Test
    void unacceptableAcceptIsProblemNotAcceptable() {
        assertProblem(given().accept("image/png").contentType(ContentType.JSON).body("{}")
                .when().post("/api/accounts").then(), 406);
    }

    @Test
    void declaredOversizedBodyIsProblemPayloadTooLarge() {
        byte[] body = new byte[1024 * 1024];
        Arrays.fill(body, (byte) 'a');
        assertProblem(given().contentType(ContentType.JSON).body(body).when().post("/api/accounts").then(), 413);
    }

    @Test
    void chunkedOversizedBodyIsProblemPayloadTooLarge() throws Exception {
        byte[] body = ("{\"title\":\"t\",\"body\":\"" + "a".repeat(1024 * 1024) + "\"}").getBytes();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (URI uri : List.of(notes, accounts)) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                    .build();

            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertEquals(413, response.statusCode(), uri + " " + response.body());
            assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
            assertTrue(response.body().contains("\"status\":413"), response.body());
        }
    }

    @ParameterizedTest
    @EnumSource(HttpClient.Version.class)
    void undeclaredSmallBodyIsRead(HttpClient.Version version) throws Exception {
        String username = Api.uniqueUsername("chunked");
        byte[] body = ("{\"username\":\"" + username + "\",\"password\":\"" + Api.PASSWORD + "\"}").getBytes();
        HttpRequest request = HttpRequest.newBuilder(accounts)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = HttpClient.newBuilder().version(version).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains(username), response.body());
    }

    @Test
    void unexpectedErrorsAreGeneric500sWithACorrelationId() {
        try (LogCapture errors = LogCapture.of("io.fugue.problem", Level.SEVERE)) {
            String id = assertProblem(given().when().get("/test/failure").then(), 500)
                    .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                    .body(not(containsString("SELECT")))
                    .body(not(containsString("IllegalState")))
                    .extract().path("correlationId");
            String vertxId = assertProblem(given().when().get("/test/vertx-failure").then(), 500)
                    .body("correlationId", matchesPattern("[0-9a-f-]{36}"))
                    .body(not(containsString("SELECT")))
                    .extract().path("correlationId");

            // The id is what an operator searches the log for: one ERROR line each, with the path and the exception.
            List<String> lines = errors.messages(Level.SEVERE);
            assertEquals(1, lines.stream().filter(line -> line.contains(id) && line.contains("/test/failure")).count(),
                    lines::toString);
            assertEquals(1, lines.stream().filter(line -> line.contains(vertxId) && line.contains("/test/vertx-failure"))
                    .count(), lines::toString);
            assertTrue(errors.everything().contains("IllegalState"), "the log has what the answer hides");
        }
    }

    @Test
    void failedVertxRoutesKeepTheirStatus() {
        assertProblem(given().when().get("/test/vertx-teapot").then(), 418);
    }
}
