package io.fugue.ratelimit;

import static io.fugue.support.Api.PASSWORD;
import static io.fugue.support.Problems.assertProblem;
import static io.fugue.testing.StrictLimitsProfile.CLIENT_FAILURES;
import static io.fugue.testing.StrictLimitsProfile.CLIENT_REGISTRATIONS;
import static io.fugue.testing.StrictLimitsProfile.SECONDS_PER_USERNAME_FAILURE;
import static io.fugue.testing.StrictLimitsProfile.USERNAME_FAILURES;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Database;
import io.fugue.support.ForwardedClient;
import io.fugue.support.Metrics;
import io.fugue.testing.StrictLimitsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/** Brute-force protection of login and registration, with the small limits of {@link StrictLimitsProfile}. */
@QuarkusTest
@TestProfile(StrictLimitsProfile.class)
class LoginLimitTest {

    private static final String WRONG = PASSWORD + "!";

    @Test
    void aUsernameIsLockedOutAfterItsFailuresEvenWithTheRightPasswordAndRecovers() throws InterruptedException {
        ForwardedClient client = ForwardedClient.random();
        String username = Api.uniqueUsername("locked");
        client.register(username);
        for (int i = 0; i < USERNAME_FAILURES; i++) {
            assertProblem(client.login(username, WRONG).then(), 401);
        }

        Response locked = client.login(username, PASSWORD);

        long retryAfter = assertTooManyAttempts(locked);
        assertTrue(retryAfter >= 1 && retryAfter <= SECONDS_PER_USERNAME_FAILURE, "Retry-After " + retryAfter);
        // The username is limited whatever address tries it, and in any case.
        assertTooManyAttempts(ForwardedClient.random().login(username.toUpperCase(), PASSWORD));

        Thread.sleep(retryAfter * 1000);
        client.login(username, PASSWORD).then().statusCode(204);
    }

    @Test
    void aLookalikeOfALockedUsernameDoesNotLogIn() throws SQLException {
        try (Connection db = Database.connect();
                ResultSet lower = db.createStatement().executeQuery("SELECT lower('\u0130') = 'i'")) {
            lower.next();
            assumeTrue(lower.getBoolean(1), "this database's lower() leaves '\u0130' alone: no lookalike to try");
        }
        ForwardedClient client = ForwardedClient.random();
        String username = Api.uniqueUsername("iris");
        client.register(username);
        for (int i = 0; i < USERNAME_FAILURES; i++) {
            assertProblem(client.login(username, WRONG).then(), 401);
        }
        assertTooManyAttempts(client.login(username, PASSWORD));

        // PostgreSQL lower-cases 'İ' (U+0130) to 'i'; Java to 'i' and a combining dot, a name the limiter has not
        // counted yet. With the right password it must not reach the account.
        String lookalike = username.replace('i', '\u0130');
        assertProblem(ForwardedClient.random().login(lookalike, PASSWORD).then(), 401);
    }

    @Test
    void otherUsersAreUnaffectedByALockout() {
        ForwardedClient client = ForwardedClient.random();
        String victim = Api.uniqueUsername("victim");
        String bystander = Api.uniqueUsername("bystander");
        client.register(victim);
        client.register(bystander);
        for (int i = 0; i < USERNAME_FAILURES; i++) {
            client.login(victim, WRONG).then().statusCode(401);
        }
        assertTooManyAttempts(client.login(victim, PASSWORD));

        client.login(bystander, PASSWORD).then().statusCode(204);
        ForwardedClient.random().login(bystander, PASSWORD).then().statusCode(204);
    }

    @Test
    void anUnknownUsernameGetsTheSameAnswersAsAnExistingOne() {
        String known = Api.uniqueUsername("known");
        String unknown = Api.uniqueUsername("unknown");
        ForwardedClient first = ForwardedClient.random();
        ForwardedClient second = ForwardedClient.random();
        first.register(known);

        for (int i = 0; i < USERNAME_FAILURES; i++) {
            Response forKnown = first.login(known, WRONG);
            Response forUnknown = second.login(unknown, WRONG);
            assertEquals(forKnown.statusCode(), forUnknown.statusCode());
            assertEquals(forKnown.jsonPath().getMap("$"), forUnknown.jsonPath().getMap("$"));
        }
        Response knownLocked = first.login(known, PASSWORD);
        Response unknownLocked = second.login(unknown, PASSWORD);

        assertTooManyAttempts(knownLocked);
        assertTooManyAttempts(unknownLocked);
        assertEquals(knownLocked.jsonPath().getMap("$"), unknownLocked.jsonPath().getMap("$"));
    }

    @Test
    void aClientAddressIsLimitedAcrossManyUsernames() {
        ForwardedClient sprayer = ForwardedClient.random();
        String real = Api.uniqueUsername("real");
        ForwardedClient.random().register(real);
        for (int i = 0; i < CLIENT_FAILURES; i++) {
            sprayer.login(Api.uniqueUsername("spray"), WRONG).then().statusCode(401);
        }

        long before = rejections("client");
        // A username it never tried, with the right password: the address itself is over its limit.
        assertTooManyAttempts(sprayer.login(real, PASSWORD));
        assertEquals(before + 1, rejections("client"));
        // Another host of the same IPv6 /64 is the same client.
        assertTooManyAttempts(sprayer.sameSubnet().login(Api.uniqueUsername("spray"), WRONG));
        ForwardedClient.random().login(real, PASSWORD).then().statusCode(204);
    }

    @Test
    void successfulLoginsCostNothingButDoNotResetTheFailures() {
        ForwardedClient client = ForwardedClient.random();
        String username = Api.uniqueUsername("regular");
        client.register(username);
        for (int i = 0; i < USERNAME_FAILURES + CLIENT_FAILURES; i++) {
            client.login(username, PASSWORD).then().statusCode(204);
        }

        for (int i = 0; i < USERNAME_FAILURES - 1; i++) {
            client.login(username, WRONG).then().statusCode(401);
        }
        client.login(username, PASSWORD).then().statusCode(204);
        client.login(username, WRONG).then().statusCode(401);

        assertTooManyAttempts(client.login(username, PASSWORD));
    }

    @Test
    void registrationsAreLimitedPerClientWhenConfigured() {
        ForwardedClient client = ForwardedClient.random();
        for (int i = 0; i < CLIENT_REGISTRATIONS; i++) {
            client.register(Api.uniqueUsername("signup"));
        }

        String username = Api.uniqueUsername("signup");
        long before = rejections("registration");
        assertTooManyAttempts(client.given().contentType(ContentType.JSON)
                .body(new Api.Credentials(username, PASSWORD)).when().post("/api/accounts"));
        assertEquals(before + 1, rejections("registration"));

        ForwardedClient.random().register(username);
    }

    @Test
    void rejectionsAreCountedByLimit() {
        ForwardedClient client = ForwardedClient.random();
        String username = Api.uniqueUsername("counted");
        for (int i = 0; i < USERNAME_FAILURES; i++) {
            client.login(username, WRONG).then().statusCode(401);
        }
        long before = rejections("username");
        assertTooManyAttempts(client.login(username, WRONG));
        assertTooManyAttempts(client.login(username, PASSWORD));

        assertEquals(before + 2, rejections("username"), "each 429 of the username limit counted once");
        given().when().get("/q/metrics").then().body(org.hamcrest.Matchers.not(containsString(username)));
    }

    /** The rejections counted for one limit: username, client or registration. */
    private static long rejections(String limit) {
        double count = Metrics.existing("fugue_login_limit_rejections_total{limit=\"" + limit + "\"}");
        assertEquals(Math.rint(count), count, "a whole count");
        return (long) count;
    }

    /** A 429 problem with a Retry-After in whole seconds and no session; returns those seconds. */
    private static long assertTooManyAttempts(Response response) {
        assertProblem(response.then(), 429)
                .body("type", equalTo("urn:fugue:problem:too-many-attempts"))
                .header("Set-Cookie", nullValue())
                .header("Cache-Control", "no-store");
        String retryAfter = response.header("Retry-After");
        assertTrue(retryAfter != null && retryAfter.matches("[1-9][0-9]*"), "Retry-After: " + retryAfter);
        Map<String, Object> body = response.jsonPath().getMap("$");
        assertTrue(!body.toString().contains("username") && !body.toString().contains("2001:db8"), body.toString());
        return Long.parseLong(retryAfter);
    }
}
