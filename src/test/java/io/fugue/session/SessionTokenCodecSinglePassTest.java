package io.fugue.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the one-pass verification must keep: keys cached per ring (a rotation is seen at once), the signature checked
 * before the claims are read, and the same verdict as jose4j's {@link JwtConsumer} on every correctly signed payload,
 * although the claims JSON is now read by Jackson.
 */
class SessionTokenCodecSinglePassTest {

    private static final String NEW_KEY = "the-newest-session-key-0123456789abcdef";
    private static final String OLD_KEY = "an-older-session-key-0123456789abcdefgh";
    private static final Duration MAX_AGE = Duration.ofHours(12);
    private static final SessionKeyRing RING = SessionKeys.ring(NEW_KEY, List.of(OLD_KEY));
    private static final String NEW_KID = TestTokens.kidOf(NEW_KEY);
    private static final String SUB = UUID.randomUUID().toString();
    /** Fixed, so that the boundary cases below are exact. */
    private static final long NOW = 1_760_000_000L;

    private final SessionTokenCodec codec = new SessionTokenCodec(MAX_AGE);

    @Test
    void aRingWithoutTheOldKeyRefusesItsTokensAfterTheSameCodecAcceptedThem() {
        String oldToken = TestTokens.hs256(OLD_KEY, SUB);
        SessionKeyRing rotated = SessionKeys.ring(NEW_KEY, List.of());

        assertInstanceOf(SessionVerification.Accepted.class, codec.verify(oldToken, RING, Instant.now()));
        assertEquals(new SessionVerification.Rejected(RejectionReason.UNKNOWN_KEY, TestTokens.kidOf(OLD_KEY)),
                codec.verify(oldToken, rotated, Instant.now()));
        assertInstanceOf(SessionVerification.Accepted.class, codec.verify(oldToken, RING, Instant.now()),
                "the ring passed in decides, not the one seen last");
    }

    @Test
    void aKidThatNamesOtherMaterialInANewRingIsCheckedWithTheNewMaterial() {
        // Key Vault kids are version ids: a new ring could in principle reuse one for other bytes.
        SessionKeyRing first = new SessionKeyRing(new SessionKey("v1", NEW_KEY.getBytes(StandardCharsets.UTF_8)),
                List.of());
        SessionKeyRing second = new SessionKeyRing(new SessionKey("v1", OLD_KEY.getBytes(StandardCharsets.UTF_8)),
                List.of());
        String token = TestTokens.hs256(NEW_KEY, "v1", SUB);

        assertInstanceOf(SessionVerification.Accepted.class, codec.verify(token, first, Instant.now()));
        assertEquals(new SessionVerification.Rejected(RejectionReason.BAD_SIGNATURE),
                codec.verify(token, second, Instant.now()));
    }

    @Test
    void aTamperedPayloadIsABadSignatureEvenWhenItIsNotJson() {
        String[] parts = TestTokens.hs256(NEW_KEY, SUB).split("\\.");
        String tampered = parts[0] + "." + base64Url("{\"sub\":".getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

        assertEquals(new SessionVerification.Rejected(RejectionReason.BAD_SIGNATURE),
                codec.verify(tampered, RING, Instant.now()));
    }

    @Test
    void aCorrectlySignedPayloadThatIsNotJsonHasInvalidClaims() {
        String token = signed("{\"alg\":\"HS256\",\"kid\":\"" + NEW_KID + "\"}", "{\"sub\":", NEW_KEY);

        assertEquals(new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS),
                codec.verify(token, RING, Instant.ofEpochSecond(NOW)));
    }

    @Test
    void headerMembersOfTheWrongTypeAreMalformedNotAnException() {
        String claims = claims("\"sub\":\"" + SUB + "\",\"iat\":" + NOW + ",\"exp\":" + (NOW + 60));

        assertEquals(new SessionVerification.Rejected(RejectionReason.MALFORMED),
                codec.verify(signed("{\"alg\":\"HS256\",\"kid\":5}", claims, NEW_KEY), RING,
                        Instant.ofEpochSecond(NOW)));
        assertEquals(new SessionVerification.Rejected(RejectionReason.MALFORMED),
                codec.verify(signed("{\"alg\":[\"HS256\"],\"kid\":\"" + NEW_KID + "\"}", claims, NEW_KEY), RING,
                        Instant.ofEpochSecond(NOW)));
    }

    static Stream<String> payloads() {
        String sub = "\"sub\":\"" + SUB + "\"";
        String iat = "\"iat\":" + NOW;
        String exp = "\"exp\":" + (NOW + 3600);
        long maxAge = MAX_AGE.toSeconds();
        int skew = SessionTokenCodec.CLOCK_SKEW_SECONDS;
        return Stream.of(
                claims(sub, iat, exp),
                claims(sub, iat, exp, "\"jti\":\"" + UUID.randomUUID() + "\""),
                claims(sub, iat, exp, "\"jti\":\"not-a-uuid\""),
                claims(sub, iat, exp, "\"jti\":7"),
                claims(sub, iat, exp, "\"extra\":{\"nested\":[1,2.5,null,true]}"),
                // Duplicate names: jose4j refuses them, so must the claims reader.
                claims(sub, iat, exp, "\"sub\":\"" + UUID.randomUUID() + "\""),
                claims(sub, iat, exp, "\"exp\":" + (NOW + 7200)),
                claims(sub, iat, exp, "\"aud\":\"fugue\""),
                claims(sub, iat, exp, "\"aud\":[\"fugue\"]"),
                claims(sub, iat, exp, "\"nbf\":" + (NOW + 3600)),
                claims(sub, iat, exp, "\"nbf\":" + (NOW - 10)),
                claims(sub, iat, exp, "\"iss\":\"elsewhere\""),
                claims(iat, exp),
                claims(sub, exp),
                claims(sub, iat),
                claims("\"sub\":7", iat, exp),
                claims("\"sub\":null", iat, exp),
                claims("\"sub\":\"admin\"", iat, exp),
                claims(sub, "\"iat\":\"" + NOW + "\"", exp),
                claims(sub, iat, "\"exp\":\"" + (NOW + 60) + "\""),
                claims(sub, "\"iat\":" + NOW + ".9", "\"exp\":" + (NOW + 60) + ".5"),
                claims(sub, iat, "\"exp\":1e30"),
                claims(sub, iat, "\"exp\":123456789012345678901234567890"),
                claims(sub, iat, "\"exp\":" + (NOW - skew)),
                claims(sub, iat, "\"exp\":" + (NOW - skew + 1)),
                claims(sub, "\"iat\":" + (NOW + skew), exp),
                claims(sub, "\"iat\":" + (NOW + skew + 1), exp),
                claims(sub, "\"iat\":" + (NOW - maxAge - skew), exp),
                claims(sub, "\"iat\":" + (NOW - maxAge - skew - 1), exp),
                "[]", "null", "\"text\"", "7", "{}", "{\"sub\":", claims(sub, iat, exp) + " {}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void correctlySignedClaimsGetJose4jsVerdict(String payload) {
        String token = signed("{\"alg\":\"HS256\",\"kid\":\"" + NEW_KID + "\",\"typ\":\"JWT\"}", payload, NEW_KEY);
        Instant now = Instant.ofEpochSecond(NOW);

        assertEquals(jose4jVerdict(token, now), codec.verify(token, RING, now));
    }

    @Test
    void theDifferentialTestCoversBothVerdicts() {
        Instant now = Instant.ofEpochSecond(NOW);
        long accepted = payloads().map(payload -> signed("{\"alg\":\"HS256\",\"kid\":\"" + NEW_KID + "\"}", payload,
                NEW_KEY)).filter(token -> jose4jVerdict(token, now) instanceof SessionVerification.Accepted).count();

        assertTrue(accepted >= 5 && accepted < payloads().count(), accepted + " accepted");
    }

    /** The verification as it was before the one-pass rewrite: jose4j's JwtConsumer parsing the whole token. */
    private static SessionVerification jose4jVerdict(String token, Instant now) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(ConstraintType.PERMIT,
                        AlgorithmIdentifiers.HMAC_SHA256))
                .setVerificationKey(TestTokens.hmac(NEW_KEY))
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setIssuedAtRestrictions(SessionTokenCodec.CLOCK_SKEW_SECONDS,
                        (int) MAX_AGE.toSeconds() + SessionTokenCodec.CLOCK_SKEW_SECONDS)
                .setAllowedClockSkewInSeconds(SessionTokenCodec.CLOCK_SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromSeconds(now.getEpochSecond()))
                .build();
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String jti = claims.getJwtId();
            return new SessionVerification.Accepted(new SessionClaims(UUID.fromString(claims.getSubject()),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    jti == null ? null : UUID.fromString(jti)), true);
        } catch (InvalidJwtException e) {
            return new SessionVerification.Rejected(e.hasExpired() ? RejectionReason.EXPIRED
                    : e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) ? RejectionReason.BAD_SIGNATURE
                    : RejectionReason.INVALID_CLAIMS);
        } catch (MalformedClaimException | IllegalArgumentException e) {
            return new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS);
        } catch (DateTimeException e) {
            // jose4j accepts an exp of 1e30; the codec used to throw turning it into an Instant, and now refuses it.
            return new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS);
        }
    }

    private static String claims(String... members) {
        return "{" + String.join(",", members) + "}";
    }

    /** A compact JWS of exactly these header and payload texts, HMAC-SHA256 with {@code key}. */
    private static String signed(String header, String payload, String key) {
        String input = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(payload.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return input + "." + base64Url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
