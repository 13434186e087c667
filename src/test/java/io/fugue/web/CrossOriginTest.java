package io.fugue.web;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.quarkus.test.junit.QuarkusTest;

/** CORS is off: no origin, however it asks, is allowed to read answers or send credentials from a browser. */
@QuarkusTest
class CrossOriginTest {

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example", "null", "http://localhost:8080" })
    void aPreflightFromAnyOriginIsNotAllowed(String origin) {
        given().header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .when().options("/api/session")
                .then()
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue())
                .header("Access-Control-Allow-Methods", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = { "https://evil.example", "null" })
    void aCrossOriginRequestWithTheCookieGetsNoCorsHeaders(String origin) {
        String session = Api.newSession("cors");

        given().header("Origin", origin).cookie(COOKIE, session)
                .when().get("/api/session")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue())
                .header("Access-Control-Allow-Credentials", nullValue());
    }
}
