package io.fugue.session;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Api.PASSWORD;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fugue.support.Api;
import io.fugue.support.Metrics;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionResourceTest {

    private static final Pattern MAX_AGE = Pattern.compile("Max-Age=(\\d+)");

    /** The %test signing key is the emulator's {@code session-signing-key}; its kid is the version id. */
    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    private String signingKey() {
        return vault.latestValue(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY)
                .orElseThrow();
    }

    private String signingKid() {
        return vault.latestVersion(KeyVaultEmulatorResource.VAULT, KeyVaultEmulatorResource.SESSION_SIGNING_KEY)
                .orElseThrow();
    }

    @Test
    void loginSetsAHardenedCookieThatIdentifiesTheUser() {
        String username = Api.uniqueUsername("login");
        String id = Api.register(username);

        Response login = Api.login(username.toUpperCase(), PASSWORD);

        login.then().statusCode(204).header("Cache-Control", "no-store");
        String setCookie = login.header("Set-Cookie");
        assertTrue(setCookie.startsWith(COOKIE + "="), setCookie);
        assertThat(setCookie, "; HttpOnly", "; SameSite=Lax", "; Path=/");
        Matcher maxAge = MAX_AGE.matcher(setCookie);
        assertTrue(maxAge.find(), setCookie);
        assertTrue(Math.abs(Integer.parseInt(maxAge.group(1)) - 12 * 3600) <= 2, setCookie);

        String token = login.cookie(COOKIE);
        Map<String, Object> header = TestTokens.decode(token, 0);
        Map<String, Object> claims = TestTokens.decode(token, 1);
        assertEquals("HS256", header.get("alg"));
        assertEquals(signingKid(), header.get("kid"));
        assertEquals(id, claims.get("sub"));
        assertEquals(12 * 3600, ((Number) claims.get("exp")).longValue() - ((Number) claims.get("iat")).longValue());

        given().cookie(COOKIE, token)
                .when().get("/api/session")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .header("Set-Cookie", nullValue())
                .body("username", equalTo(username));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameAnswer() {
        String username = Api.uniqueUsername("creds");
        Api.register(username);

        Response wrongPassword = Api.login(username, PASSWORD + "!");
        Response unknownUser = Api.login(Api.uniqueUsername("nobody"), PASSWORD);

        assertProblem(wrongPassword.then(), 401).header("Set-Cookie", nullValue());
        assertProblem(unknownUser.then(), 401).header("Set-Cookie", nullValue());
        assertEquals(wrongPassword.jsonPath().getMap("$"), unknownUser.jsonPath().getMap("$"));
    }

    @Test
    void loginValidatesItsBody() {
        assertProblem(given().contentType(ContentType.JSON).body("{\"username\":\"someone\"}")
                .when().post("/api/session").then(), 400)
                .body("errors.field", hasItems("password"));
    }

    @Test
    void noCookieIsUnauthorized() {
        assertProblem(given().when().get("/api/session").then(), 401)
                .header("Cache-Control", "no-store");
    }

    @Test
    void logoutClearsTheCookieWithTheSameAttributes() {
        String session = Api.newSession("logout");

        Response logout = given().cookie(COOKIE, session).when().delete("/api/session");

        logout.then().statusCode(204).header("Cache-Control", "no-store");
        String setCookie = logout.header("Set-Cookie");
        assertTrue(setCookie.startsWith(COOKIE + "=;"), setCookie);
        assertThat(setCookie, "Max-Age=0", "; HttpOnly", "; SameSite=Lax", "; Path=/");
        // Without a session, logout still answers 204 so a stale cookie can always be cleared.
        given().when().delete("/api/session").then().statusCode(204);
    }

    Stream<Arguments> forgedCookies() {
        String sub = UUID.randomUUID().toString();
        String kid = signingKid();
        String good = TestTokens.hs256(signingKey(), kid, sub);
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("flipped payload byte", TestTokens.flip(good, 1)),
                Arguments.of("flipped signature byte", TestTokens.flip(good, 2)),
                Arguments.of("alg none", TestTokens.unsigned(kid, sub)),
                Arguments.of("HS512", TestTokens.hs512(kid, sub)),
                Arguments.of("RS256", TestTokens.rs256(kid, sub)),
                Arguments.of("expired", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(signingKey()), kid, sub, now.minusSeconds(7200), now.minusSeconds(60))),
                Arguments.of("unknown kid", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(signingKey()), "feedfacefeedface", sub, now, now.plusSeconds(60))),
                Arguments.of("another key", TestTokens.hs256("not-the-configured-key-0123456789abcdef", sub)),
                Arguments.of("alg None", TestTokens.unsignedAs("None", kid, sub)),
                Arguments.of("alg nOnE", TestTokens.unsignedAs("nOnE", kid, sub)),
                Arguments.of("alg NONE", TestTokens.unsignedAs("NONE", kid, sub)),
                Arguments.of("alg hs256", TestTokens.unsignedAs("hs256", kid, sub)),
                Arguments.of("RS256 header, HMAC signature with the session key (RS/HS swap)",
                        TestTokens.rsHeaderHmacSigned(signingKey(), kid, sub)),
                Arguments.of("own key in a jwk header", TestTokens.embeddedJwk(kid, sub)),
                Arguments.of("crit header", TestTokens.withCriticalHeader(signingKey(), kid, sub)),
                Arguments.of("JWE with the session key", TestTokens.jwe(signingKey(), kid, sub)),
                Arguments.of("garbage", "not-a-token"),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedCookies")
    void forgedCookiesAreUnauthorized(String name, String cookie) {
        assertProblem(given().cookie(COOKIE, cookie).when().get("/api/session").then(), 401)
                .header("Set-Cookie", nullValue())
                .body(not(containsString(cookie.isEmpty() ? "\u0000" : cookie)));
        assertProblem(given().cookie(COOKIE, cookie).when().get("/api/notes").then(), 401);
    }

    @Test
    void aValidTokenIsOnlyTakenFromTheSessionCookie() {
        String token = Api.newSession("elsewhere");
        given().cookie(COOKIE, token).when().get("/api/session").then().statusCode(200);

        for (String otherName : new String[] { "session", "FUGUE_SESSION", "fugue_session_", "__Host-" + COOKIE }) {
            assertProblem(given().cookie(otherName, token).when().get("/api/session").then(), 401);
        }
        assertProblem(given().header("Authorization", "Bearer " + token).when().get("/api/session").then(), 401);
        assertProblem(given().queryParam(COOKIE, token).when().get("/api/session").then(), 401);
    }

    /**
     * Without {@code fugue.session.revocation.enabled} (the default) sessions are stateless: logout clears the
     * browser's cookie, and a copy taken before it stays valid until max-age (see SessionRevocationTest for the
     * option that refuses it).
     */
    @Test
    void withoutRevocationACookieCopiedBeforeLogoutStaysValidUntilItExpires() {
        String copy = Api.newSession("stateless");

        given().cookie(COOKIE, copy).when().delete("/api/session").then().statusCode(204);

        given().cookie(COOKIE, copy).when().get("/api/session").then().statusCode(200);
    }

    @Test
    void aValidTokenForAnAccountThatDoesNotExistIsUnauthorized() {
        String token = TestTokens.hs256(signingKey(), signingKid(), UUID.randomUUID().toString());
        assertProblem(given().cookie(COOKIE, token).when().get("/api/session").then(), 401);
    }

    @Test
    void verificationsAreCountedByResultAndReason() {
        String badSignature = "fugue_session_verifications_total{reason=\"bad_signature\",result=\"rejected\"}";
        String ok = "fugue_session_verifications_total{reason=\"none\",result=\"ok\"}";
        String session = Api.newSession("metrics");
        double badSignaturesBefore = Metrics.value(badSignature);
        double okBefore = Metrics.value(ok);

        given().cookie(COOKIE, TestTokens.flip(TestTokens.hs256(signingKey(), signingKid(), UUID.randomUUID().toString()), 2))
                .when().get("/api/session").then().statusCode(401);
        given().cookie(COOKIE, session).when().get("/api/session").then().statusCode(200);

        // Other classes of this application verify sessions too, but none while this test runs.
        assertEquals(1, Metrics.value(badSignature) - badSignaturesBefore);
        assertEquals(1, Metrics.value(ok) - okBefore);
    }

    /** The %test profile turns the Secure flag off; the packaged application (prod profile) keeps it. */
    protected boolean secureCookies() {
        return false;
    }

    private void assertThat(String setCookie, String... parts) {
        for (String part : parts) {
            assertTrue(setCookie.contains(part), () -> "expected " + part + " in " + setCookie);
        }
        assertEquals(secureCookies(), setCookie.contains("; Secure"), "Secure flag: " + setCookie);
    }
}
