package io.fugue.session;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/** Method 1 rotation: the new key signs, the previous one still verifies, and its sessions move to the new key. */
@QuarkusTest
@TestProfile(SessionKeyRotationTest.Rotated.class)
class SessionKeyRotationTest {

    static final String NEW_KEY = "rotated-in-signing-key-0123456789abcdef";
    static final String OLD_KEY = TestTokens.TEST_KEY;

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("fugue.session.signing-key", NEW_KEY, "fugue.session.fallback-keys", OLD_KEY);
        }
    }

    @Test
    void sessionOfTheFallbackKeyIsAcceptedAndReissuedWithTheNewestKey() {
        String username = Api.uniqueUsername("rotate");
        String id = Api.register(username);
        Instant iat = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
        Instant exp = iat.plusSeconds(12 * 3600);
        String oldCookie = TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(OLD_KEY),
                TestTokens.kidOf(OLD_KEY), id, iat, exp);

        Response response = given().cookie(COOKIE, oldCookie).when().get("/api/session");

        response.then().statusCode(200).body("username", equalTo(username));
        String reissued = response.cookie(COOKIE);
        assertNotNull(reissued, "a re-issued cookie");
        String setCookie = response.header("Set-Cookie");
        assertTrue(setCookie.contains("; HttpOnly") && setCookie.contains("; SameSite=Lax")
                && setCookie.contains("; Path=/"), setCookie);
        assertEquals(TestTokens.kidOf(NEW_KEY), TestTokens.decode(reissued, 0).get("kid"));
        Map<String, Object> claims = TestTokens.decode(reissued, 1);
        assertEquals(id, claims.get("sub"));
        assertEquals(iat.getEpochSecond(), ((Number) claims.get("iat")).longValue());
        assertEquals(exp.getEpochSecond(), ((Number) claims.get("exp")).longValue());

        given().cookie(COOKIE, reissued).when().get("/api/session")
                .then().statusCode(200).header("Set-Cookie", nullValue());
    }

    @Test
    void newLoginsAreSignedWithTheNewestKey() {
        String session = Api.newSession("rotate");

        assertEquals(TestTokens.kidOf(NEW_KEY), TestTokens.decode(session, 0).get("kid"));
    }
}
