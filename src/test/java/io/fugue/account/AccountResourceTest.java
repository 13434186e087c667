package io.fugue.account;

import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class AccountResourceTest {

    @Test
    void createsAnAccount() {
        String username = Api.uniqueUsername("Mixed.Case-name");

        given().contentType(ContentType.JSON)
                .body(new Api.Credentials(username, Api.PASSWORD))
                .when().post("/api/accounts")
                .then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("username", equalTo(username))
                .body("password", equalTo(null))
                .body("passwordHash", equalTo(null));

        String stored = Database.passwordHashOf(username).orElseThrow();
        assertTrue(stored.startsWith("$2"), "bcrypt, not the password");
        assertTrue(!stored.contains(Api.PASSWORD));
    }

    /** Lengths are characters at sign-up and at login alike: the longest password in emoji signs up and logs in. */
    @Test
    void theLongestPasswordCountedInCharactersSignsUpAndLogsIn() {
        String username = Api.uniqueUsername("emoji");
        String password = "\ud83d\udd11".repeat(1024); // 1024 characters, 2048 UTF-16 units

        given().contentType(ContentType.JSON).body(new Api.Credentials(username, password))
                .when().post("/api/accounts").then().statusCode(201);

        Api.login(username, password).then().statusCode(204);
    }

    @Test
    void usernameIsTakenRegardlessOfCase() {
        String username = Api.uniqueUsername("taken");
        Api.register(username);

        assertProblem(given().contentType(ContentType.JSON)
                .body(new Api.Credentials(username.toUpperCase(), Api.PASSWORD + "-other"))
                .when().post("/api/accounts").then(), 409)
                .body("type", equalTo("urn:fugue:problem:username-taken"));
    }

    @Test
    void concurrentRegistrationsOfOneNameYieldOneAccountAndConflicts() throws Exception {
        String username = Api.uniqueUsername("race");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> given().contentType(ContentType.JSON)
                        .body(new Api.Credentials(username, Api.PASSWORD))
                        .when().post("/api/accounts").statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(5, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    static Stream<Arguments> invalidAccounts() {
        return Stream.of(
                Arguments.of("ab", Api.PASSWORD, List.of("username")),
                Arguments.of("a".repeat(65), Api.PASSWORD, List.of("username")),
                Arguments.of("has space", Api.PASSWORD, List.of("username")),
                Arguments.of("semi;colon", Api.PASSWORD, List.of("username")),
                Arguments.of("ünïcode", Api.PASSWORD, List.of("username")),
                Arguments.of(null, Api.PASSWORD, List.of("username")),
                Arguments.of(Api.uniqueUsername("v"), "elevenchars", List.of("password")),
                // Six emoji: twelve UTF-16 units, six characters.
                Arguments.of(Api.uniqueUsername("v"), "\ud83d\udd11".repeat(6), List.of("password")),
                Arguments.of(Api.uniqueUsername("v"), "p".repeat(1025), List.of("password")),
                Arguments.of(Api.uniqueUsername("v"), null, List.of("password")),
                Arguments.of("x", "short", List.of("password", "username")),
                Arguments.of(null, null, List.of("password", "username")));
    }

    @ParameterizedTest
    @MethodSource("invalidAccounts")
    void invalidAccountsAreRefusedWithTheirFields(String username, String password, List<String> fields) {
        assertProblem(given().contentType(ContentType.JSON)
                .body(new Api.Credentials(username, password))
                .when().post("/api/accounts").then(), 400)
                .body("type", equalTo("urn:fugue:problem:validation"))
                .body("errors.field", equalTo(fields));
    }

    /**
     * A password of unpaired surrogates has no UTF-8 form: hashed, each would become '?', and "????????????" would log
     * in to the account. Sign-up refuses it.
     */
    @Test
    void aPasswordOfUnpairedSurrogatesIsRefused() {
        String username = Api.uniqueUsername("surrogate");
        String json = "{\"username\":\"" + username + "\",\"password\":\"" + "\\ud800".repeat(12) + "\"}";
        assertProblem(given().contentType(ContentType.JSON).body(json).when().post("/api/accounts").then(), 400)
                .body("errors.field", equalTo(List.of("password")));
    }

    @Test
    void boundaryLengthsAreAccepted() {
        // Three characters cannot be unique across runs on a kept database: 409 also proves validation passed.
        String shortName = Api.uniqueUsername("s").substring(2, 5);
        given().contentType(ContentType.JSON)
                .body(new Api.Credentials(shortName, "twelve chars"))
                .when().post("/api/accounts").then().statusCode(anyOf(equalTo(201), equalTo(409)));
        String longName = (Api.uniqueUsername("long") + "_".repeat(64)).substring(0, 64);
        given().contentType(ContentType.JSON)
                .body(new Api.Credentials(longName, "p".repeat(1024)))
                .when().post("/api/accounts").then().statusCode(201);
        Api.login(longName, "p".repeat(1024)).then().statusCode(204);
    }
}
