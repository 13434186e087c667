package io.fugue.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionTokenCodecTest {

    private static final String NEW_KEY = "the-newest-session-key-0123456789abcdef";
    private static final String OLD_KEY = "an-older-session-key-0123456789abcdefgh";
    private static final SessionKeyRing RING = SessionKeys.ring(NEW_KEY, List.of(OLD_KEY));
    private static final String SUB = UUID.randomUUID().toString();

    private final SessionTokenCodec codec = new SessionTokenCodec(Duration.ofHours(12));

    @Test
    void signedTokenVerifiesWithItsClaims() {
        Instant iat = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SessionClaims claims = new SessionClaims(UUID.fromString(SUB), iat, iat.plus(Duration.ofHours(12)));

        String token = codec.sign(claims, RING.signingKey());
        SessionVerification result = codec.verify(token, RING, Instant.now());

        SessionVerification.Accepted accepted = assertInstanceOf(SessionVerification.Accepted.class, result);
        assertEquals(claims, accepted.claims());
        assertTrue(accepted.signedByNewestKey());
        assertEquals(TestTokens.kidOf(NEW_KEY), TestTokens.decode(token, 0).get("kid"));
        assertEquals("HS256", TestTokens.decode(token, 0).get("alg"));
        assertEquals(claims.sessionId().toString(), TestTokens.decode(token, 1).get("jti"), "the id logout revokes");
    }

    @Test
    void tokenOfAnOlderKeyIsAcceptedButFlaggedForReissue() {
        SessionVerification result = codec.verify(TestTokens.hs256(OLD_KEY, SUB), RING, Instant.now());

        SessionVerification.Accepted accepted = assertInstanceOf(SessionVerification.Accepted.class, result);
        assertFalse(accepted.signedByNewestKey());
        assertEquals(SUB, accepted.claims().accountId().toString());
    }

    static Stream<Arguments> forgedTokens() {
        String good = TestTokens.hs256(NEW_KEY, SUB);
        String newKid = TestTokens.kidOf(NEW_KEY);
        Instant now = Instant.now();
        return Stream.of(
                Arguments.of("flipped payload byte", TestTokens.flip(good, 1), RejectionReason.BAD_SIGNATURE),
                Arguments.of("flipped signature byte", TestTokens.flip(good, 2), RejectionReason.BAD_SIGNATURE),
                Arguments.of("signed with another key under our kid",
                        TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                                TestTokens.hmac("somebody-elses-key-0123456789abcdef"), newKid, SUB, now,
                                now.plusSeconds(60)),
                        RejectionReason.BAD_SIGNATURE),
                Arguments.of("alg none", TestTokens.unsigned(newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("HS512", TestTokens.hs512(newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("RS256", TestTokens.rs256(newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("alg nOnE", TestTokens.unsignedAs("nOnE", newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("alg hs256", TestTokens.unsignedAs("hs256", newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("RS256 header, HMAC signature with our key",
                        TestTokens.rsHeaderHmacSigned(NEW_KEY, newKid, SUB), RejectionReason.ALGORITHM),
                Arguments.of("own key in a jwk header", TestTokens.embeddedJwk(newKid, SUB),
                        RejectionReason.BAD_SIGNATURE),
                Arguments.of("crit header", TestTokens.withCriticalHeader(NEW_KEY, newKid, SUB),
                        RejectionReason.INVALID_CLAIMS),
                Arguments.of("JWE with our key", TestTokens.jwe(NEW_KEY, newKid, SUB), RejectionReason.MALFORMED),
                Arguments.of("unknown kid", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), "0000000000000000", SUB, now, now.plusSeconds(60)),
                        RejectionReason.UNKNOWN_KEY),
                Arguments.of("no kid", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(NEW_KEY),
                        null, SUB, now, now.plusSeconds(60)), RejectionReason.UNKNOWN_KEY),
                Arguments.of("expired", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256, TestTokens.hmac(NEW_KEY),
                        newKid, SUB, now.minusSeconds(7200), now.minusSeconds(3600)), RejectionReason.EXPIRED),
                Arguments.of("no subject", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, null, now, now.plusSeconds(60)),
                        RejectionReason.INVALID_CLAIMS),
                Arguments.of("no expiry", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, SUB, now, null), RejectionReason.INVALID_CLAIMS),
                Arguments.of("no issued-at", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, SUB, null, now.plusSeconds(60)),
                        RejectionReason.INVALID_CLAIMS),
                Arguments.of("subject not an account id", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, "admin", now, now.plusSeconds(60)),
                        RejectionReason.INVALID_CLAIMS),
                Arguments.of("issued longer ago than max-age", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, SUB, now.minus(Duration.ofHours(13)),
                        now.plusSeconds(60)), RejectionReason.INVALID_CLAIMS),
                Arguments.of("issued in the future", TestTokens.sign(AlgorithmIdentifiers.HMAC_SHA256,
                        TestTokens.hmac(NEW_KEY), newKid, SUB, now.plusSeconds(3600),
                        now.plusSeconds(7200)), RejectionReason.INVALID_CLAIMS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forgedTokens")
    void forgedTokensAreRejectedWithTheirReason(String name, String token, RejectionReason reason) {
        SessionVerification result = codec.verify(token, RING, Instant.now());

        assertEquals(reason, ((SessionVerification.Rejected) result).reason(), result::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "garbage", "a.b.c", "a.b", "....", "eyJhbGciOiJIUzI1NiJ9..", "%00%ff" })
    void garbageIsMalformed(String token) {
        assertEquals(new SessionVerification.Rejected(RejectionReason.MALFORMED), codec.verify(token, RING, Instant.now()));
    }

    @Test
    void absentTokenIsMissingAndHugeTokenIsNotParsed() {
        assertEquals(new SessionVerification.Rejected(RejectionReason.MISSING), codec.verify(null, RING, Instant.now()));
        assertEquals(new SessionVerification.Rejected(RejectionReason.MALFORMED),
                codec.verify("a".repeat(5000), RING, Instant.now()));
    }

    @Test
    void removingAKeyFromTheRingInvalidatesItsTokens() {
        String oldToken = TestTokens.hs256(OLD_KEY, SUB);
        SessionKeyRing withoutOld = SessionKeys.ring(NEW_KEY, List.of());

        // The kid goes with the answer: a key source that can learn keys asks about it (KeyVaultSessionKeySource).
        assertEquals(new SessionVerification.Rejected(RejectionReason.UNKNOWN_KEY, TestTokens.kidOf(OLD_KEY)),
                codec.verify(oldToken, withoutOld, Instant.now()));
    }
}
