package io.fugue.support;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Test helpers that drive the public API: every test makes its own accounts, so none shares data. */
public final class Api {

    public static final String COOKIE = "fugue_session";
    public static final String PASSWORD = "correct horse battery staple";

    private Api() {
    }

    /** A username no other test uses. */
    public static String uniqueUsername(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** Registers an account with {@link #PASSWORD} and returns its id. */
    public static String register(String username) {
        return given().contentType(ContentType.JSON)
                .body(new Credentials(username, PASSWORD))
                .when().post("/api/accounts")
                .then().statusCode(201)
                .extract().path("id");
    }

    /** Logs in and returns the raw login response. */
    public static Response login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(new Credentials(username, password))
                .when().post("/api/session");
    }

    /** A fresh account's session cookie value. */
    public static String newSession(String prefix) {
        String username = uniqueUsername(prefix);
        register(username);
        return login(username, PASSWORD).then().statusCode(204).extract().cookie(COOKIE);
    }

    /** Creates a note and returns its id. */
    public static String createNote(String session, String title, String body) {
        return given().cookie(COOKIE, session).contentType(ContentType.JSON)
                .body(new NoteBody(title, body))
                .when().post("/api/notes")
                .then().statusCode(201)
                .extract().path("id");
    }

    public record Credentials(String username, String password) {
    }

    public record NoteBody(String title, String body) {
    }
}
