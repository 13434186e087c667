package io.fugue.session;

import static io.fugue.support.Api.COOKIE;
import static io.fugue.support.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Metrics;
import io.fugue.support.Operations;
import io.fugue.testing.ManualRefreshProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Method 2 rotation of the session key: a new Key Vault version signs from the next refresh on, sessions of the
 * previous version keep working and come back re-signed, and disabling that version ends them. Driven like an
 * operator would: the vault, the operations hook's refresh, and the public API.
 */
@QuarkusTest
@TestProfile(ManualRefreshProfile.class)
class SessionKeyVaultRotationTest {

    private static final String VAULT = KeyVaultEmulatorResource.VAULT;
    private static final String KEY = KeyVaultEmulatorResource.SESSION_SIGNING_KEY;

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    private static String kid(String token) {
        return (String) TestTokens.decode(token, 0).get("kid");
    }

    /**
     * A weak version set by mistake does not sign (the previous key goes on); the strong version that replaces it
     * signs at the next refresh, although the weak one is still within the history window, and verifies nothing.
     */
    @Test
    void aWeakVersionNeitherSignsNorHoldsBackTheStrongOneAfterIt() {
        String signing = kid(Api.newSession("weak"));
        String weakKey = "weak-" + UUID.randomUUID().toString().substring(0, 8);
        String weak = vault.setSecret(VAULT, KEY, weakKey);
        Operations.refresh().then().statusCode(200);
        assertEquals(signing, kid(Api.newSession("weak")), "a weak newest version does not sign");

        String strong = vault.setSecret(VAULT, KEY, "strong-" + UUID.randomUUID());
        assertEquals(List.of(KEY), Operations.refreshChanged());

        assertEquals(strong, kid(Api.newSession("weak")));
        // Not in the ring: its kid is unknown. (Were it in the ring, jose4j would refuse the short key instead.)
        String id = Api.register(Api.uniqueUsername("weak"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String signedWithTheWeakKey = TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(weakKey), weak,
                id, now, now.plusSeconds(3600));
        double unknownKeys = unknownKeyRejections();
        given().cookie(COOKIE, signedWithTheWeakKey).when().get("/api/session").then().statusCode(401);
        assertEquals(unknownKeys + 1, unknownKeyRejections());
    }

    /**
     * A leaked key rotated out by mistake with a weak value, the leaked version disabled in the same breath: the weak
     * version cannot sign, and the disabled one must not either. The ring is built from the strong versions still
     * held; keeping the previous ring kept the disabled version signing and verifying until a strong one was set.
     */
    @Test
    void aWeakNewestVersionDoesNotKeepADisabledOneSigning() {
        String leaked = vault.setSecret(VAULT, KEY, "leaked-" + UUID.randomUUID());
        assertEquals(List.of(KEY), Operations.refreshChanged());
        String signedWithTheLeakedKey = Api.newSession("leak");
        assertEquals(leaked, kid(signedWithTheLeakedKey));

        String weak = vault.setSecret(VAULT, KEY, "weak-" + UUID.randomUUID().toString().substring(0, 8));
        vault.disable(VAULT, KEY, leaked);
        assertEquals(List.of(KEY), Operations.refreshChanged());

        String session = Api.newSession("leak");
        // Versions set within one second have no order Key Vault tells; any strong one still held may sign.
        assertNotEquals(leaked, kid(session), "the disabled version signs no more");
        assertNotEquals(weak, kid(session), "the weak version does not sign");
        given().cookie(COOKIE, session).when().get("/api/session").then().statusCode(200);
        given().cookie(COOKIE, signedWithTheLeakedKey).when().get("/api/session").then().statusCode(401);
    }

    /**
     * The same, with no strong version left to sign: sessions are refused with a 503 until a strong version is set,
     * rather than kept going on the version just disabled.
     */
    @Test
    void aWeakNewestVersionWithNoStrongOneHeldRefusesSessionsUntilAStrongOneIsSet() {
        String leaked = vault.setSecret(VAULT, KEY, "leaked-" + UUID.randomUUID());
        assertEquals(List.of(KEY), Operations.refreshChanged());
        String signedWithTheLeakedKey = Api.newSession("alone");
        String username = Api.uniqueUsername("alone");
        Api.register(username);

        vault.setSecret(VAULT, KEY, "weak-" + UUID.randomUUID().toString().substring(0, 8));
        for (String version : vault.enabledVersions(VAULT, KEY)) {
            if (!version.equals(vault.latestVersion(VAULT, KEY).orElseThrow())) {
                vault.disable(VAULT, KEY, version); // the leaked one and every older strong one
            }
        }
        assertEquals(List.of(KEY), Operations.refreshChanged());

        assertProblem(given().cookie(COOKIE, signedWithTheLeakedKey).when().get("/api/session").then(), 503)
                .header("Retry-After", "30")
                .body("type", equalTo("urn:fugue:problem:session-keys-unavailable"))
                .body(not(containsString(leaked)));
        assertProblem(given().contentType(ContentType.JSON).body(new Api.Credentials(username, Api.PASSWORD))
                .when().post("/api/session").then(), 503)
                .body("type", equalTo("urn:fugue:problem:session-keys-unavailable"));

        String strong = vault.setSecret(VAULT, KEY, "strong-" + UUID.randomUUID());
        assertEquals(List.of(KEY), Operations.refreshChanged());
        assertEquals(strong, kid(Api.newSession("alone")));
        given().cookie(COOKIE, signedWithTheLeakedKey).when().get("/api/session").then().statusCode(401);
    }

    /**
     * Several replicas: another one refreshed first and signs with a version this one does not hold yet. Its cookie is
     * accepted here at once (this replica refreshes the key on first sight of the version), not refused until this
     * replica's own refresh, which the manual-refresh profile puts an hour away.
     */
    @Test
    void aVersionAnotherReplicaSignsWithIsLearnedOnFirstSight() throws InterruptedException {
        String id = Api.register(Api.uniqueUsername("replica"));
        String newKey = "replica-" + UUID.randomUUID();
        String newVersion = vault.setSecret(VAULT, KEY, newKey);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String fromAnotherReplica = TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(newKey),
                newVersion, id, now, now.plusSeconds(3600));
        double unknownKeys = unknownKeyRejections();
        Thread.sleep(SessionKeyCatchUp.INTERVAL.toMillis() + 100); // no catch-up of an earlier test holds this one back

        given().cookie(COOKIE, fromAnotherReplica).when().get("/api/session")
                .then().statusCode(200).header("Set-Cookie", nullValue());

        assertEquals(unknownKeys, unknownKeyRejections());
        assertEquals(newVersion, kid(Api.newSession("replica")), "this replica signs with it too now");
    }

    /** A made-up kid costs the vault one GET (at most once a second), never a listing; one not shaped like a version id, nothing. */
    @Test
    void aMadeUpKidCostsTheVaultOneGetAtMost() throws InterruptedException {
        String id = Api.register(Api.uniqueUsername("forger"));
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String key = "forged-" + UUID.randomUUID();
        String versionShaped = UUID.randomUUID().toString().replace("-", "");
        Thread.sleep(SessionKeyCatchUp.INTERVAL.toMillis() + 100);
        vault.resetCounters();

        // Not shaped like a version first, with the once-a-second budget free: it must not use it.
        given().cookie(COOKIE, TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(key), "not-a-version",
                id, now, now.plusSeconds(3600))).when().get("/api/session").then().statusCode(401);
        assertEquals(0, vault.counters().secretGets(KEY), vault.counters()::toString);
        given().cookie(COOKIE, TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(key), versionShaped, id,
                now, now.plusSeconds(3600))).when().get("/api/session").then().statusCode(401);

        assertEquals(1, vault.counters().secretGets(KEY), vault.counters()::toString);
        assertEquals(0, vault.counters().listVersions(), vault.counters()::toString);
    }

    private static double unknownKeyRejections() {
        return Metrics.value("fugue_session_verifications_total{reason=\"unknown_key\",result=\"rejected\"}");
    }

    @Test
    void rotationKeepsSessionsAliveAndDisablingTheOldVersionEndsThem() {
        String oldVersion = vault.latestVersion(VAULT, KEY).orElseThrow();
        String before = Api.newSession("kvrotate");
        assertEquals(oldVersion, kid(before), "the kid is the Key Vault version id");

        String newVersion = vault.setSecret(VAULT, KEY, "rotated-" + UUID.randomUUID());
        // Until a refresh, the old version still signs: the new version is not known yet.
        assertEquals(oldVersion, kid(Api.newSession("kvrotate")));
        assertEquals(List.of(KEY), Operations.refreshChanged());

        Response reissue = given().cookie(COOKIE, before).when().get("/api/session");
        reissue.then().statusCode(200);
        String reissued = reissue.cookie(COOKIE);
        assertNotNull(reissued, "a session of the previous version comes back re-signed");
        assertEquals(newVersion, kid(reissued));
        // The newest key always signs new sessions (never the stale one: Flask CVE-2025-47278).
        assertEquals(newVersion, kid(Api.newSession("kvrotate")));
        given().cookie(COOKIE, reissued).when().get("/api/session")
                .then().statusCode(200).header("Set-Cookie", nullValue());

        vault.disable(VAULT, KEY, oldVersion);
        assertEquals(List.of(KEY), Operations.refreshChanged());

        given().cookie(COOKIE, before).when().get("/api/session").then().statusCode(401);
        given().cookie(COOKIE, reissued).when().get("/api/session").then().statusCode(200);
        assertNotEquals(oldVersion, kid(Api.newSession("kvrotate")));
    }
}
