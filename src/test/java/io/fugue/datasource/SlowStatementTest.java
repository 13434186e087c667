package io.fugue.datasource;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * A statement that runs past the datasource's limit (here: an edit waiting for a row another transaction holds) is
 * cancelled by PostgreSQL and answered 503 with Retry-After. A client-side socket timeout alone answers too, but
 * leaves the server still running the statement, holding a connection slot and waiting for the lock.
 */
@QuarkusTest
class SlowStatementTest {

    @Test
    void aStatementOverTheLimitIsCancelledOnTheServerAndAnswered503() throws Exception {
        String session = Api.newSession("slow");
        String id = Api.createNote(session, "before", "");
        try (Connection holder = Database.connect()) {
            holder.setAutoCommit(false);
            Database.lockNotes(holder, List.of(id));

            ValidatableResponse edit = given().cookie(COOKIE, session).contentType(ContentType.JSON)
                    .body(new Api.NoteBody("after", "")).when().put("/api/notes/" + id).then();

            assertProblem(edit, 503)
                    .header("Retry-After", equalTo("5"))
                    .body("type", equalTo("urn:fugue:problem:database-unavailable"));
            assertEquals(0, Database.blockedBy(holder), "the server still runs the edit, waiting for the lock");
            holder.rollback();
        }
        given().cookie(COOKIE, session).when().get("/api/notes/" + id).then().statusCode(200)
                .body("title", equalTo("before"));
    }
}
