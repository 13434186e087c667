package io.fugue.problem;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.fugue.support.AppLog;
import io.fugue.support.Database;
import io.fugue.support.H2c;
import io.fugue.support.RawHttp;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Feeds every endpoint hostile input over a raw HTTP client (so that headers are exactly as written) and expects a
 * 4xx problem document, never a 5xx.
 */
@QuarkusTest
class BadInputTest {

    private static final String JSON = "application/json";
    /** The default client upgrades to HTTP/2 (h2c); both protocols take different paths through Vert.x. */
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final HttpClient HTTP_1_1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static String session;
    private static String noteId;

    @TestHTTPResource("/")
    URI base;

    /** Endpoints that read a JSON body: method and path (a real note of the session for PUT). */
    static Stream<String> bodyEndpoints() {
        return Stream.of("POST /api/accounts", "POST /api/session", "POST /api/notes", "PUT /api/notes/{id}");
    }

    /** Bodies no endpoint may accept, with the Content-Type they are sent with (null: none at all). */
    static List<Arguments> badBodies() {
        String sqlAndLong = "{\"username\":\"x' OR '1'='1\",\"password\":\"" + "p".repeat(60_000)
                + "\",\"title\":\"" + "t".repeat(201) + "\",\"body\":null}";
        return List.of(
                Arguments.of("malformed JSON", JSON, bytes("{\"title\": \"x\",")),
                Arguments.of("not JSON at all", JSON, bytes("title=x&body=y")),
                Arguments.of("trailing garbage", JSON, bytes("{\"title\":\"x\",\"body\":\"y\"} {}")),
                Arguments.of("numbers for strings", JSON,
                        bytes("{\"username\":123,\"password\":123456789012,\"title\":123,\"body\":4.5}")),
                Arguments.of("arrays and objects for strings", JSON,
                        bytes("{\"username\":[\"a\"],\"password\":{},\"title\":[\"t\"],\"body\":[\"a\"]}")),
                Arguments.of("booleans for strings", JSON,
                        bytes("{\"username\":true,\"password\":false,\"title\":true,\"body\":false}")),
                Arguments.of("array at the top", JSON, bytes("[]")),
                Arguments.of("string at the top", JSON, bytes("\"text\"")),
                Arguments.of("null at the top", JSON, bytes("null")),
                Arguments.of("empty object", JSON, bytes("{}")),
                Arguments.of("empty body", JSON, new byte[0]),
                Arguments.of("1 MB body", JSON, bytes("{\"title\":\"" + "a".repeat(1024 * 1024) + "\"}")),
                Arguments.of("non-UTF-8 bytes", JSON, new byte[] { '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"',
                        (byte) 0xff, (byte) 0xfe, (byte) 0xc3, '"', '}' }),
                Arguments.of("overlong UTF-8", JSON, new byte[] { '{', '"', 't', 'i', 't', 'l', 'e', '"', ':', '"',
                        '.', '.', (byte) 0xc0, (byte) 0xaf, '"', ',', '"', 'b', 'o', 'd', 'y', '"', ':', '"', 'b', '"',
                        '}' }),
                Arguments.of("NUL escapes", JSON, bytes("{\"username\":\"a\\u0000b\",\"password\":\"\\u0000\","
                        + "\"title\":\"\\u0000\",\"body\":\"\\u0000\"}")),
                Arguments.of("lone surrogates", JSON, bytes("{\"username\":\"\\ud800\",\"password\":\"\\udc00\","
                        + "\"title\":\"\\ud800\",\"body\":\"\\udfff\"}")),
                Arguments.of("SQL-looking and very long strings", JSON, bytes(sqlAndLong)),
                Arguments.of("deeply nested", JSON, bytes("[".repeat(5_000) + "]".repeat(5_000))),
                Arguments.of("absurd number", JSON, bytes("{\"title\":1" + "0".repeat(5_000) + "}")),
                Arguments.of("no content type", null, bytes("{\"title\":\"x\",\"body\":\"y\"}")),
                Arguments.of("form content type", "application/x-www-form-urlencoded", bytes("title=x&body=y")),
                Arguments.of("XML content type", "application/xml", bytes("<note/>")),
                Arguments.of("bogus content type", "not a media type", bytes("{}")));
    }

    static Stream<Arguments> everyBodyEndpointWithEveryBadBody() {
        return bodyEndpoints().flatMap(endpoint -> badBodies().stream().flatMap(body -> Stream.of(CLIENT, HTTP_1_1)
                .map(client -> Arguments.of(endpoint, body.get()[0], client.version(), body.get()[1], body.get()[2]))));
    }

    @ParameterizedTest(name = "{0} with {1} over {2}")
    @MethodSource("everyBodyEndpointWithEveryBadBody")
    void badBodiesAreClientErrors(String endpoint, String name, HttpClient.Version version, String contentType,
            byte[] body) throws Exception {
        String[] parts = endpoint.split(" ");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(parts[1]))
                .method(parts[0], HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Cookie", COOKIE + "=" + session());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }

        HttpClient client = version == HttpClient.Version.HTTP_1_1 ? HTTP_1_1 : CLIENT;
        assertClientProblem(client.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * Endpoints without a body, fed hostile paths and parameters, each with the answer it must get: a bad parameter
     * is a 400 naming it, an id that is no note's is a 404, and what a parameter the endpoint does not read changes
     * nothing.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "GET /api/notes?limit=%27%20OR%201%3D1%20--                | 400 | limit",
            "GET /api/notes?limit=99999999999999999999999999           | 400 | limit",
            "GET /api/notes?cursor=%27%3B%20DROP%20TABLE%20notes%3B--  | 400 | cursor",
            "GET /api/notes?cursor=%ff%fe%00                           | 400 | cursor",
            "GET /api/notes/%27%20OR%20%271%27%3D%271                  | 404 |",
            "GET /api/notes/%ff%fe                                     | 404 |",
            "GET /api/notes/%00                                        | 404 |",
            "DELETE /api/notes/..%2F..%2Fapi%2Faccounts                | 404 |",
            "GET /api/notes/LONG                                       | 404 |",
            "DELETE /api/notes/LONG                                    | 404 |",
            "GET /api/session?x=%ff                                    | 200 |",
            "DELETE /api/session?%25%25%25                             | 204 |" })
    void hostileUrisGetTheAnswerTheyMust(String endpoint, int status, String field) throws Exception {
        String[] parts = endpoint.replace("LONG", "a".repeat(3_000)).split(" ");
        HttpRequest request = HttpRequest.newBuilder(uri(parts[1]))
                .method(parts[0], HttpRequest.BodyPublishers.noBody())
                .header("Cookie", COOKIE + "=" + session())
                .build();

        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(status, response.statusCode(), response.body());
        if (status >= 400) {
            assertClientProblem(response);
        }
        if (field != null) {
            assertTrue(response.body().contains("\"field\":\"" + field + "\""), response.body());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "GET /api/session", "GET /api/notes", "POST /api/notes", "GET /api/notes/{id}",
            "PUT /api/notes/{id}", "DELETE /api/notes/{id}" })
    void hostileCookiesAreUnauthorized(String endpoint) throws Exception {
        String[] parts = endpoint.split(" ");
        for (String cookie : List.of("x' OR '1'='1", "a".repeat(4_000), "%ff%fe", "e30.e30.", "..")) {
            HttpRequest request = HttpRequest.newBuilder(uri(parts[1]))
                    .method(parts[0], HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"body\":\"b\"}"))
                    .header("Content-Type", JSON)
                    .header("Cookie", COOKIE + "=" + cookie)
                    .build();
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode(), cookie.substring(0, Math.min(20, cookie.length())));
            assertClientProblem(response);
        }
    }

    /**
     * The Host header is the client's to choose and need not be a valid URI authority: the problem answer must not
     * depend on building an absolute URI from it (found by the hostile-input fuzz as a 500).
     */
    @ParameterizedTest
    @ValueSource(strings = { "a b", "x{y}", "[::1", "%zz" })
    void aHostThatIsNoUriAuthorityStillGetsItsProblem(String host) throws Exception {
        RawHttp.Answer unauthorized = RawHttp.exchange(base, RawHttp.request(List.of("GET /api/session HTTP/1.1",
                "Host: " + host, "Connection: close"), new byte[0]));
        RawHttp.Answer malformed = RawHttp.exchange(base, RawHttp.request(List.of("POST /api/accounts HTTP/1.1",
                "Host: " + host, "Content-Type: application/json", "Content-Length: 1", "Connection: close"),
                new byte[] { '{' }));

        // 400 when the request is refused for its Host before JAX-RS (without proxy forwarding, as in dev and test);
        // otherwise the endpoint's own answer (the prod profile trusts forwarding headers from private ranges).
        assertTrue(List.of(400, 401).contains(unauthorized.status()), unauthorized.status() + " " + unauthorized.body());
        assertEquals(400, malformed.status(), malformed.body());
        for (RawHttp.Answer answer : List.of(unauthorized, malformed)) {
            assertEquals("application/problem+json", answer.header("content-type"), answer.body());
        }
    }

    /**
     * A note created through a client or proxy that names an invalid host: either refused before it is stored, or
     * stored and answered 201 with its {@code Location}. Never stored and answered 500, which the hostile-input fuzz
     * found when {@code Location} was an absolute URL built from those headers.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Host: [::1", "Forwarded: for=\"[|Host: [::1", "Host: localhost|Forwarded: host=\"[::1\"",
        "Host: localhost|X-Forwarded-Host: [::1" })
    void aNoteCreatedUnderAnInvalidHostIsAnsweredForWhatHappened(String headers) throws Exception {
        String title = "host " + UUID.randomUUID();
        byte[] body = ("{\"title\":\"" + title + "\",\"body\":\"b\"}").getBytes(StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of("POST /api/notes HTTP/1.1"));
        lines.addAll(List.of(headers.split("\\|")));
        lines.addAll(List.of("Cookie: " + COOKIE + "=" + session(), "Content-Type: application/json",
                "Content-Length: " + body.length, "Connection: close"));
        RawHttp.Answer answer = RawHttp.exchange(base, RawHttp.request(lines, body));

        List<String> stored = given().cookie(COOKIE, session()).queryParam("limit", 100).when().get("/api/notes")
                .then().statusCode(200).extract().jsonPath().getList("items.findAll { it.title == '" + title + "' }.id");
        if (answer.status() == 201) {
            assertEquals(1, stored.size(), "stored once: " + answer.body());
            assertEquals("/api/notes/" + stored.get(0), answer.header("location"), answer.body());
        } else {
            assertEquals(400, answer.status(), answer.body());
            assertEquals("application/problem+json", answer.header("content-type"), answer.body());
            assertEquals(List.of(), stored, "refused, so not stored");
        }
    }

    /**
     * A chunked body whose chunk size is no hex number, or overflows, is the client's error: the codec gives up on the
     * connection, so the answer is a 400 problem or none at all, nothing is stored, and nothing is logged as an error.
     * It was logged at ERROR as an unexpected error (with a 500 nobody received), so any client could fill the log.
     */
    @ParameterizedTest
    @ValueSource(strings = { "zz", "fffffffffffffffff" })
    void aChunkSizeTheCodecCannotReadIsTheClientsError(String chunkSize) throws Exception {
        String title = "chunk " + UUID.randomUUID();
        String json = "{\"title\":\"" + title + "\",\"body\":\"b\"}";
        try (AppLog log = watchAppLog()) {
            RawHttp.Answer answer = RawHttp.exchange(base, RawHttp.request(List.of("POST /api/notes HTTP/1.1",
                    "Host: localhost", "Cookie: " + COOKIE + "=" + session(), "Content-Type: application/json",
                    "Transfer-Encoding: chunked", "Connection: close"),
                    bytes(chunkSize + "\r\n" + json + "\r\n0\r\n\r\n")));

            if (answer != null) {
                assertEquals(400, answer.status(), answer.body());
                assertEquals("application/problem+json", answer.header("content-type"), answer.body());
            }
            given().cookie(COOKIE, session()).queryParam("limit", 100).when().get("/api/notes")
                    .then().statusCode(200).body("items.findAll { it.title == '" + title + "' }", equalTo(List.of()));
            Thread.sleep(500); // an error may still be on its way from the event loop
            assertEquals(List.of(), log.lines(Level.SEVERE, ""));
        }
    }

    /**
     * An HTTP/2 body of undeclared length that grows past {@code max-body-size} is refused below fugue: Quarkus REST's
     * input stream answers an empty 413 and closes the connection (GOAWAY), so Java's client may see no answer.
     * Nothing is logged as an error or warning: fugue's mapper logged an "Unexpected error" and the failed second
     * answer a WARN, so any client could fill the log.
     */
    @Test
    void aStreamedHttp2BodyPastTheLimitIsRefusedWithoutAnErrorInTheLog() throws Exception {
        HttpClient http2 = H2c.to(base);
        String username = "big-" + UUID.randomUUID().toString().substring(0, 8);
        byte[] body = ("{\"username\":\"" + username + "\",\"password\":\"" + "p".repeat(200_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        try (AppLog log = watchAppLog()) {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/accounts")).header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
            try {
                HttpResponse<String> answer = http2.send(request, HttpResponse.BodyHandlers.ofString());
                assertEquals(413, answer.statusCode(), answer.body());
            } catch (IOException e) {
                // The refusal below fugue closes the connection (GOAWAY) and carries a Connection header, which
                // HTTP/2 forbids: Java's client reports one or the other ("malformed response"), depending on timing.
            }
            Thread.sleep(500); // the application may still be handling the rest of the stream
            assertEquals(List.of(), log.lines(Level.SEVERE, ""));
            assertEquals(List.of(), log.lines(Level.WARNING, ""));
        }
        assertEquals(Optional.empty(), Database.usernameOf(username), "no account from a refused body");
    }

    /**
     * A {@code Host} port that is no number, or out of range, is ignored (the default port applies) and logged at no
     * ERROR: Quarkus' forwarding parser (prod profile, where forwarding is on) logs each one at ERROR as "Failed to
     * parse/validate a port from forwarded-type headers", and any client can send them ({@code
     * io.fugue.web.ForwardedPortNoise}). The packaged run ({@code BadInputIT}) is the one in the prod profile.
     */
    @ParameterizedTest
    @ValueSource(strings = { "Host: localhost:abc", "Host: localhost:99999" })
    void anUnreadableHostPortIsIgnoredWithoutAnError(String host) throws Exception {
        try (AppLog log = watchAppLog()) {
            RawHttp.Answer answer = RawHttp.exchange(base, RawHttp.request(List.of("GET /api/session HTTP/1.1", host,
                    "Cookie: " + COOKIE + "=" + session(), "Connection: close"), new byte[0]));
            // Whatever the answer (without forwarding, in the test profile, Quarkus REST cannot build the request
            // URI from such a host: a 400), it is no server error.
            assertTrue(answer.status() < 500, answer.status() + " " + answer.body());
            Thread.sleep(200); // the parser logs on the event loop
            assertEquals(List.of(), log.lines(Level.SEVERE, ""));
        }
    }

    /**
     * A client's {@code X-Forwarded-Trusted-Proxy} (a header Quarkus sets itself, and drops when a client sends it)
     * leaves no WARN: Quarkus' forwarding parser logs one per such request in the prod profile
     * ({@code io.fugue.web.ForwardedPortNoise}). The packaged run ({@code BadInputIT}) is the one in the prod profile.
     */
    @Test
    void aClientsTrustedProxyHeaderIsDroppedWithoutAWarning() throws Exception {
        try (AppLog log = watchAppLog()) {
            RawHttp.Answer answer = RawHttp.exchange(base, RawHttp.request(List.of("GET /api/session HTTP/1.1",
                    "Host: localhost", "X-Forwarded-Trusted-Proxy: true", "Cookie: " + COOKIE + "=" + session(),
                    "Connection: close"), new byte[0]));
            assertEquals(200, answer.status(), answer.body());
            Thread.sleep(200); // the parser logs on the event loop
            assertEquals(List.of(), log.lines(Level.WARNING, "X-Forwarded-Trusted-Proxy"));
        }
    }

    /** Here the application runs in this JVM: every record, as it is published. */
    protected AppLog watchAppLog() {
        return AppLog.inThisJvm("");
    }

    @Test
    void sqlLookingStringsAreStoredVerbatimAndHarmless() {
        String title = "Robert'); DROP TABLE notes;--";
        String body = "' OR 1=1; -- \" ; DELETE FROM accounts; /* */ \\x00 $1 %s {{7*7}} ${jndi:ldap://x}";
        String id = Api.createNote(session(), title, body);

        given().cookie(COOKIE, session()).when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo(title)).body("body", equalTo(body));
        given().contentType(ContentType.JSON).body(new Api.Credentials("admin' --", "x' OR '1'='1' -- long"))
                .when().post("/api/session").then().statusCode(401);
        given().cookie(COOKIE, session()).when().get("/api/notes").then().statusCode(200);
    }

    private static void assertClientProblem(HttpResponse<String> response) {
        String summary = response.statusCode() + " " + response.body();
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, summary);
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                summary);
        assertTrue(response.body().contains("\"status\":" + response.statusCode()), summary);
        for (String leak : List.of("Exception", "\tat ", "io.fugue", "org.hibernate", "com.fasterxml", "SQL")) {
            assertFalse(response.body().contains(leak), summary);
        }
    }

    private URI uri(String path) {
        return base.resolve(path.replace("{id}", noteId()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized String session() {
        if (session == null) {
            session = Api.newSession("bad");
        }
        return session;
    }

    private static synchronized String noteId() {
        if (noteId == null) {
            noteId = Api.createNote(session(), "target", "of PUT");
        }
        return noteId;
    }

}
