package io.fugue.note;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
class NoteResourceTest {

    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,6})?Z";

    @Test
    void createReadUpdateDelete() {
        String session = Api.newSession("crud");

        Response created = given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody("First note", "Hello, PostgreSQL"))
                .when().post("/api/notes");
        created.then().statusCode(201)
                .body("title", equalTo("First note"))
                .body("body", equalTo("Hello, PostgreSQL"))
                .body("createdAt", matchesPattern(TIMESTAMP))
                .body("updatedAt", equalTo(created.path("createdAt")));
        String id = created.path("id");
        assertEquals("/api/notes/" + id, created.header("Location"), "a path, resolved against the URL called");

        Map<String, Object> read = given().cookie(COOKIE, session)
                .when().get("/api/notes/" + id)
                .then().statusCode(200).extract().jsonPath().getMap("$");
        assertEquals(created.jsonPath().getMap("$"), read, "timestamps round-trip through PostgreSQL unchanged");

        Response updated = given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody("Renamed", ""))
                .when().put("/api/notes/" + id);
        updated.then().statusCode(200)
                .body("id", equalTo(id))
                .body("title", equalTo("Renamed"))
                .body("body", equalTo(""))
                .body("createdAt", equalTo(created.path("createdAt")));
        assertTrue(Instant.parse(updated.path("updatedAt")).isAfter(Instant.parse(created.path("createdAt"))));
        given().cookie(COOKIE, session).when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo("Renamed")).body("body", equalTo(""));

        given().cookie(COOKIE, session).when().delete("/api/notes/" + id).then().statusCode(204);
        assertProblem(given().cookie(COOKIE, session).when().get("/api/notes/" + id).then(), 404);
        assertProblem(given().cookie(COOKIE, session).when().delete("/api/notes/" + id).then(), 404);
    }

    @Test
    void answersToASessionAreNeverStoredByACache() {
        String session = Api.newSession("private");
        String id = Api.createNote(session, "Private", "mine alone");

        given().cookie(COOKIE, session).when().get("/api/notes").then().statusCode(200).header("Cache-Control", "no-store");
        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().statusCode(200)
                .header("Cache-Control", "no-store");
    }

    @Test
    void anotherUsersNoteIsNotFoundAndStaysUnchanged() {
        String alice = Api.newSession("alice");
        String bob = Api.newSession("bob");
        String id = Api.createNote(alice, "Alice's", "private");
        Map<String, Object> before = given().cookie(COOKIE, alice).get("/api/notes/" + id).jsonPath().getMap("$");

        assertProblem(given().cookie(COOKIE, bob).when().get("/api/notes/" + id).then(), 404);
        assertProblem(given().cookie(COOKIE, bob).contentType(ContentType.JSON)
                .body(new Api.NoteBody("Bob was here", "")).when().put("/api/notes/" + id).then(), 404);
        assertProblem(given().cookie(COOKIE, bob).when().delete("/api/notes/" + id).then(), 404);
        given().cookie(COOKIE, bob).when().get("/api/notes")
                .then().statusCode(200).body("items.id", not(org.hamcrest.Matchers.hasItem(id)));

        Map<String, Object> after = given().cookie(COOKIE, alice).get("/api/notes/" + id).then().statusCode(200)
                .extract().jsonPath().getMap("$");
        assertEquals(before, after);
    }

    @ParameterizedTest
    @ValueSource(strings = { "not-a-uuid", "1-1-1-1-1", "00000000-0000-0000-0000-00000000000g", "%20",
            "00000000-0000-0000-0000-000000000000" })
    void malformedOrUnknownIdsAreNotFound(String id) {
        String session = Api.newSession("ids");
        assertProblem(given().cookie(COOKIE, session).urlEncodingEnabled(false).when().get("/api/notes/" + id).then(), 404);
        assertProblem(given().cookie(COOKIE, session).urlEncodingEnabled(false).contentType(ContentType.JSON)
                .body(new Api.NoteBody("t", "b")).when().put("/api/notes/" + id).then(), 404);
        assertProblem(given().cookie(COOKIE, session).urlEncodingEnabled(false)
                .when().delete("/api/notes/" + id).then(), 404);
    }

    static Stream<Arguments> invalidNotes() {
        return Stream.of(
                Arguments.of("", "body", List.of("title")),
                Arguments.of(null, "body", List.of("title")),
                Arguments.of("t".repeat(201), "body", List.of("title")),
                Arguments.of("\ud83d\ude00".repeat(201), "body", List.of("title")),
                Arguments.of("title", null, List.of("body")),
                Arguments.of("title", "b".repeat(10_001), List.of("body")),
                Arguments.of("nul\u0000", "lone \ud800 surrogate", List.of("body", "title")),
                Arguments.of(null, null, List.of("body", "title")));
    }

    @ParameterizedTest
    @MethodSource("invalidNotes")
    void invalidNotesAreRefusedWithTheirFields(String title, String body, List<String> fields) {
        String session = Api.newSession("invalid");
        String id = Api.createNote(session, "valid", "valid");

        assertProblem(given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody(title, body)).when().post("/api/notes").then(), 400)
                .body("errors.field", equalTo(fields));
        assertProblem(given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody(title, body)).when().put("/api/notes/" + id).then(), 400)
                .body("errors.field", equalTo(fields));
        given().cookie(COOKIE, session).when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo("valid"));
    }

    @Test
    void boundaryLengthsAreAccepted() {
        String session = Api.newSession("bounds");
        String title = "t".repeat(200);
        String body = "b".repeat(10_000);

        String id = Api.createNote(session, title, body);

        given().cookie(COOKIE, session).when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo(title)).body("body", equalTo(body));
    }

    /**
     * The largest valid note as an ASCII-only JSON encoder writes it (Python's json.dumps: 12 bytes per emoji, 122 KB
     * in all) is a note, not a 413.
     */
    @Test
    void theLargestNoteWrittenAsEscapedAsciiJsonIsStored() {
        String session = Api.newSession("escaped");
        String emoji = "\\ud83d\\ude00";
        String json = "{\"title\": \"" + emoji.repeat(200) + "\", \"body\": \"" + emoji.repeat(10_000) + "\"}";
        assertTrue(json.length() > 120_000, "the escaped note is " + json.length() + " bytes");

        String id = given().cookie(COOKIE, session).contentType(ContentType.JSON).body(json)
                .when().post("/api/notes").then().statusCode(201).extract().path("id");

        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().statusCode(200)
                .body("title", equalTo("\ud83d\ude00".repeat(200)))
                .body("body", equalTo("\ud83d\ude00".repeat(10_000)));
    }

    /** 200 emoji are 200 characters (400 UTF-16 units): a title the varchar(200) column stores. */
    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String session = Api.newSession("emoji");
        String title = "\ud83d\ude00".repeat(200);

        String id = Api.createNote(session, title, "");

        given().cookie(COOKIE, session).when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo(title));
    }

    @Test
    void pagesWalkEveryNoteNewestFirstOnce() {
        String session = Api.newSession("pages");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            created.add(Api.createNote(session, "note " + i, "body " + i));
        }
        List<String> newestFirst = new ArrayList<>(created);
        Collections.reverse(newestFirst);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().cookie(COOKIE, session).queryParam("limit", 10);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/notes");
            page.then().statusCode(200);
            List<String> ids = page.path("items.id");
            List<String> createdAts = page.path("items.createdAt");
            for (int i = 1; i < createdAts.size(); i++) {
                assertTrue(Instant.parse(createdAts.get(i - 1)).compareTo(Instant.parse(createdAts.get(i))) >= 0);
            }
            seen.addAll(ids);
            pageSizes.add(ids.size());
            cursor = page.path("next");
        } while (cursor != null && pageSizes.size() < 10);

        assertEquals(List.of(10, 10, 5), pageSizes);
        assertEquals(newestFirst, seen);
        assertEquals(25, new HashSet<>(seen).size());
    }

    /** Notes stored in the same microsecond (a bulk import, a clock step) page by id, each once. */
    @Test
    void notesOfTheSameInstantArePagedOnceEachByDescendingId() throws SQLException {
        String session = Api.newSession("ties");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(Api.createNote(session, "tie " + i, ""));
        }
        try (Connection connection = Database.connect();
                PreparedStatement same = connection.prepareStatement(
                        "UPDATE notes SET created_at = '2026-01-01T00:00:00Z' WHERE id = ANY (?)")) {
            same.setArray(1, connection.createArrayOf("uuid", created.stream().map(UUID::fromString).toArray()));
            assertEquals(5, same.executeUpdate());
        }
        // PostgreSQL orders uuids byte by byte, as their lowercase hex strings sort.
        List<String> byIdDescending = created.stream().sorted(Comparator.<String>naturalOrder().reversed())
                .toList();

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = given().cookie(COOKIE, session).queryParam("limit", 1);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            Response page = request.when().get("/api/notes");
            page.then().statusCode(200);
            seen.addAll(page.path("items.id"));
            cursor = page.path("next");
        } while (cursor != null && seen.size() < 10);

        assertEquals(byIdDescending, seen);
    }

    /**
     * An edit that meets a delete of the same note (two tabs) is a 404 once the delete commits: the row it would
     * update is gone, which is no server error.
     */
    @Test
    void anEditThatMeetsADeleteOfTheSameNoteIsNotFound() throws Exception {
        String session = Api.newSession("race");
        String id = Api.createNote(session, "doomed", "");
        try (Connection connection = Database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM notes WHERE id = ?")) {
                delete.setObject(1, UUID.fromString(id));
                assertEquals(1, delete.executeUpdate());
            }
            // The delete holds the row until it commits; the edit arrives meanwhile and waits for it.
            CompletableFuture<Response> edit = CompletableFuture.supplyAsync(() -> given().cookie(COOKIE, session)
                    .contentType(ContentType.JSON).body(new Api.NoteBody("edited", "")).when().put("/api/notes/" + id));
            Database.awaitSomeoneBlockedBy(connection);
            assertFalse(edit.isDone(), "the edit waits for the delete");
            connection.commit();
            assertProblem(edit.get(30, TimeUnit.SECONDS).then(), 404);
        }
        assertEquals(Set.of(), Database.existingNoteIds(List.of(UUID.fromString(id))));
    }

    /** Two tabs: the second edits its stale copy. With If-Match it is told so, and the first tab's edit stays. */
    @Test
    void anEditOrDeleteOfAStaleCopyIsRefusedAndChangesNothing() {
        String session = Api.newSession("etag");
        Response created = given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody("draft", "v0")).when().post("/api/notes");
        created.then().statusCode(201).header("ETag", matchesPattern("\"[0-9]+\""));
        String id = created.path("id");
        String first = created.header("ETag");
        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().statusCode(200).header("ETag", first);

        Response edited = given().cookie(COOKIE, session).header("If-Match", first).contentType(ContentType.JSON)
                .body(new Api.NoteBody("draft", "tab one")).when().put("/api/notes/" + id);
        edited.then().statusCode(200).body("body", equalTo("tab one"));
        String second = edited.header("ETag");
        assertNotEquals(first, second, "every change gets a new ETag");

        Response stale = given().cookie(COOKIE, session).header("If-Match", first).contentType(ContentType.JSON)
                .body(new Api.NoteBody("draft", "tab two")).when().put("/api/notes/" + id);
        assertProblem(stale.then(), 412).body("type", equalTo("urn:fugue:problem:note-changed"))
                .body("instance", equalTo("/api/notes/" + id))
                .body("detail", containsString(second))
                .header("ETag", second);
        assertProblem(given().cookie(COOKIE, session).header("If-Match", first)
                .when().delete("/api/notes/" + id).then(), 412).header("ETag", second);

        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().statusCode(200)
                .body("body", equalTo("tab one")).header("ETag", second);
        given().cookie(COOKIE, session).header("If-Match", second).when().delete("/api/notes/" + id)
                .then().statusCode(204);
        assertEquals(Set.of(), Database.existingNoteIds(List.of(UUID.fromString(id))));
    }

    @Test
    void conditionalHeadersFollowRfc9110() {
        String session = Api.newSession("conditions");
        String id = Api.createNote(session, "conditions", "");
        String tag = given().cookie(COOKIE, session).when().get("/api/notes/" + id).header("ETag");

        // If-None-Match on a read: 304 without a body when the client's copy is current.
        given().cookie(COOKIE, session).header("If-None-Match", tag).when().get("/api/notes/" + id)
                .then().statusCode(304).header("ETag", tag).body(equalTo(""));
        given().cookie(COOKIE, session).header("If-None-Match", "\"stale\"").when().get("/api/notes/" + id)
                .then().statusCode(200).body("title", equalTo("conditions"));
        // If-Match compares strongly: a weak tag never matches, even with the current value.
        assertProblem(given().cookie(COOKIE, session).header("If-Match", "W/" + tag).contentType(ContentType.JSON)
                .body(new Api.NoteBody("weak", "")).when().put("/api/notes/" + id).then(), 412);
        // "*" matches any current version, and a list matches when one of its tags does.
        tag = given().cookie(COOKIE, session).header("If-Match", "*").contentType(ContentType.JSON)
                .body(new Api.NoteBody("any", "")).when().put("/api/notes/" + id)
                .then().statusCode(200).extract().header("ETag");
        given().cookie(COOKIE, session).header("If-Match", "\"other\", " + tag).contentType(ContentType.JSON)
                .body(new Api.NoteBody("listed", "")).when().put("/api/notes/" + id).then().statusCode(200);
        // If-None-Match: * asks to change only what does not exist yet; the note does.
        assertProblem(given().cookie(COOKIE, session).header("If-None-Match", "*").contentType(ContentType.JSON)
                .body(new Api.NoteBody("create only", "")).when().put("/api/notes/" + id).then(), 412);
        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().body("title", equalTo("listed"));
    }

    /** Two edits of the same version at once: the check is made on the locked row, so exactly one of them wins. */
    @Test
    void ofTwoConcurrentEditsOfTheSameVersionOneWins() throws Exception {
        String session = Api.newSession("two-tabs");
        String id = Api.createNote(session, "contended", "");
        String tag = given().cookie(COOKIE, session).when().get("/api/notes/" + id).header("ETag");
        List<CompletableFuture<Response>> edits = new ArrayList<>();
        // Threads of their own: on 2 cores, JDK 25's common pool runs two blocking tasks one after the other.
        ExecutorService tabs = Executors.newFixedThreadPool(2);
        try (Connection connection = Database.connect()) {
            connection.setAutoCommit(false);
            Database.lockNotes(connection, List.of(id));
            for (String body : List.of("tab one", "tab two")) {
                edits.add(CompletableFuture.supplyAsync(() -> given().cookie(COOKIE, session).header("If-Match", tag)
                        .contentType(ContentType.JSON).body(new Api.NoteBody("contended", body))
                        .when().put("/api/notes/" + id), tabs));
            }
            Database.awaitBlockedBy(connection, 2);
            connection.commit();
        } finally {
            tabs.shutdown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<Response> edit : edits) {
            statuses.add(edit.get(30, TimeUnit.SECONDS).statusCode());
        }
        Collections.sort(statuses);
        assertEquals(List.of(200, 412), statuses);
        String winner = edits.stream().map(CompletableFuture::join).filter(r -> r.statusCode() == 200)
                .findFirst().orElseThrow().path("body");
        assertEquals(winner, Database.note(id).orElseThrow().body());
    }

    /** An account deleted while its cookie lives on (an operator, a restore) has no session: 401, as for GET /api/session. */
    @Test
    void aCookieOfADeletedAccountCreatesNoNote() throws SQLException {
        String username = Api.uniqueUsername("gone");
        Api.register(username);
        String session = Api.login(username, Api.PASSWORD).then().statusCode(204).extract().cookie(COOKIE);
        Api.createNote(session, "before", "");
        try (Connection connection = Database.connect();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM accounts WHERE username = ?")) {
            delete.setString(1, username);
            assertEquals(1, delete.executeUpdate());
        }

        assertProblem(given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new Api.NoteBody("after", "")).when().post("/api/notes").then(), 401);
        assertProblem(given().cookie(COOKIE, session).when().get("/api/session").then(), 401);
    }

    @Test
    void exactlyFullLastPageHasNoNext() {
        String session = Api.newSession("full");
        for (int i = 0; i < 3; i++) {
            Api.createNote(session, "n" + i, "");
        }
        Response first = given().cookie(COOKIE, session).queryParam("limit", 3).when().get("/api/notes");
        first.then().statusCode(200).body("items.size()", equalTo(3)).body("next", nullValue());

        Response defaults = given().cookie(COOKIE, session).when().get("/api/notes");
        defaults.then().statusCode(200).body("items.size()", equalTo(3)).body("next", nullValue());
    }

    @Test
    void emptyListForANewAccount() {
        given().cookie(COOKIE, Api.newSession("empty")).when().get("/api/notes")
                .then().statusCode(200).body("items.size()", equalTo(0)).body("next", nullValue());
    }

    @Test
    void defaultLimitIsTwenty() {
        String session = Api.newSession("default");
        for (int i = 0; i < 21; i++) {
            Api.createNote(session, "n" + i, "");
        }
        given().cookie(COOKIE, session).when().get("/api/notes")
                .then().statusCode(200).body("items.size()", equalTo(20)).body("next", not(nullValue()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "0", "101", "-1", "abc", "1.5", "01", " 5", "1000000000000" })
    void limitOutsideOneToHundredIsABadRequest(String limit) {
        assertProblem(given().cookie(COOKIE, Api.newSession("limit")).queryParam("limit", limit)
                .when().get("/api/notes").then(), 400)
                .body("errors.field", equalTo(List.of("limit")));
    }

    /** "limit=" with nothing, or "limit" twice, is no limit to apply: Quarkus REST alone would take the default. */
    @ParameterizedTest
    @ValueSource(strings = { "limit=", "limit", "limit=5&limit=50", "cursor=", "limit=5&cursor=" })
    void anEmptyOrRepeatedQueryParameterIsABadRequest(String query) {
        String field = query.endsWith("cursor=") ? "cursor" : "limit";
        assertProblem(given().cookie(COOKIE, Api.newSession("query")).urlEncodingEnabled(false)
                .when().get("/api/notes?" + query).then(), 400)
                .body("errors.field", equalTo(List.of(field)));
    }

    @ParameterizedTest
    @ValueSource(strings = { "1", "100" })
    void limitBoundsAreAccepted(String limit) {
        given().cookie(COOKIE, Api.newSession("limit")).queryParam("limit", limit)
                .when().get("/api/notes").then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "garbage", "AAAA", "%%%", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" })
    void badCursorIsABadRequest(String cursor) {
        assertProblem(given().cookie(COOKIE, Api.newSession("cursor")).queryParam("cursor", cursor)
                .when().get("/api/notes").then(), 400)
                .body("errors.field", equalTo(List.of("cursor")));
    }

    @Test
    void cursorOfAnotherUserRevealsNothing() {
        String alice = Api.newSession("alice");
        for (int i = 0; i < 3; i++) {
            Api.createNote(alice, "a" + i, "");
        }
        String cursor = given().cookie(COOKIE, alice).queryParam("limit", 1).get("/api/notes").path("next");
        assertNotNull(cursor);

        given().cookie(COOKIE, Api.newSession("bob")).queryParam("cursor", cursor)
                .when().get("/api/notes").then().statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void notesRequireASession() {
        String id = UUID.randomUUID().toString();
        assertProblem(given().when().get("/api/notes").then(), 401);
        assertProblem(given().contentType(ContentType.JSON).body(new Api.NoteBody("t", "b"))
                .when().post("/api/notes").then(), 401);
        assertProblem(given().when().get("/api/notes/" + id).then(), 401);
        assertProblem(given().contentType(ContentType.JSON).body(new Api.NoteBody("t", "b"))
                .when().put("/api/notes/" + id).then(), 401);
        assertProblem(given().when().delete("/api/notes/" + id).then(), 401);
    }

    @Test
    void createdNoteIsNotTheUpdatedOne() {
        String session = Api.newSession("distinct");
        String first = Api.createNote(session, "one", "");
        String second = Api.createNote(session, "two", "");
        assertNotEquals(first, second);
        given().cookie(COOKIE, session).get("/api/notes/" + first).then().body("title", equalTo("one"))
                .header("Location", nullValue()).header("Content-Type", not(endsWith("problem+json")));
        assertNull(given().cookie(COOKIE, session).get("/api/notes/" + second).header("Set-Cookie"));
    }
}
