package io.fugue.support;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.containsString;

import io.restassured.response.ValidatableResponse;

/** Assertions every problem answer must satisfy. */
public final class Problems {

    public static final String PROBLEM_JSON = "application/problem+json";

    private Problems() {
    }

    /**
     * An RFC 9457 document with this status, and nothing that betrays the implementation; a 401 carries the challenge
     * RFC 9110 requires.
     */
    public static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        if (status == 401) {
            response.header("WWW-Authenticate", equalTo("Cookie realm=\"fugue\""));
        }
        return response.statusCode(status)
                .contentType(startsWith(PROBLEM_JSON))
                .body("status", equalTo(status))
                .body("type", notNullValue())
                .body("title", notNullValue())
                .body("detail", notNullValue())
                .body("instance", startsWith("/"))
                .body(not(containsString("Exception")))
                .body(not(containsString("\tat ")))
                .body(not(containsString("io.fugue")))
                .body(not(containsString("org.hibernate")))
                .body(not(containsString("SQL")));
    }
}
