package io.fugue.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

/**
 * Signs and verifies session tokens: compact JWS, HS256 only, {@code kid} naming the key. Pure logic. Every other
 * {@code alg} (whatever its case), a JWE, a {@code crit} header and a {@code jwk}/{@code jku} header key are refused:
 * the key is only ever looked up by {@code kid} in the ring, and jose4j rejects {@code crit} names it does not know.
 */
public final class SessionTokenCodec {

    /** Tolerated difference between the clocks of replicas. */
    static final int CLOCK_SKEW_SECONDS = 30;
    /** Far above a real token (about 200 characters); anything longer is not worth parsing. */
    static final int MAX_TOKEN_LENGTH = 4096;
    private static final AlgorithmConstraints HS256_ONLY =
            new AlgorithmConstraints(ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256);

    private final Duration maxAge;

    /** @param maxAge sessions issued longer ago than this are refused, whatever their {@code exp} */
    public SessionTokenCodec(Duration maxAge) {
        this.maxAge = maxAge;
    }

    /** A compact JWS of the claims, signed with {@code key}. */
    public String sign(SessionClaims claims, SessionKey key) {
        JwtClaims jwt = new JwtClaims();
        jwt.setSubject(claims.accountId().toString());
        jwt.setIssuedAt(NumericDate.fromSeconds(claims.issuedAt().getEpochSecond()));
        jwt.setExpirationTime(NumericDate.fromSeconds(claims.expiresAt().getEpochSecond()));
        if (claims.sessionId() != null) {
            jwt.setJwtId(claims.sessionId().toString());
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(jwt.toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "JWT");
        jws.setKey(new HmacKey(key.material()));
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Could not sign a session token with key " + key.kid(), e);
        }
    }

    /** Checks {@code token} against every key of {@code ring} at the time {@code now}. */
    public SessionVerification verify(String token, SessionKeyRing ring, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return new SessionVerification.Rejected(token == null ? RejectionReason.MISSING : RejectionReason.MALFORMED);
        }
        // Header checks first, only to name the reason; the consumer below enforces the same rules again.
        JsonWebSignature jws;
        try {
            if (!(JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebSignature parsed)) {
                return new SessionVerification.Rejected(RejectionReason.MALFORMED);
            }
            jws = parsed;
        } catch (JoseException | RuntimeException e) {
            return new SessionVerification.Rejected(RejectionReason.MALFORMED);
        }
        if (!AlgorithmIdentifiers.HMAC_SHA256.equals(jws.getAlgorithmHeaderValue())) {
            return new SessionVerification.Rejected(RejectionReason.ALGORITHM);
        }
        String kid = jws.getKeyIdHeaderValue();
        if (ring.find(kid).isEmpty()) {
            return new SessionVerification.Rejected(RejectionReason.UNKNOWN_KEY);
        }
        try {
            JwtClaims claims = consumer(ring, now).processToClaims(token);
            String jti = claims.getJwtId();
            SessionClaims session = new SessionClaims(UUID.fromString(claims.getSubject()),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    jti == null ? null : UUID.fromString(jti));
            return new SessionVerification.Accepted(session, ring.signingKey().kid().equals(kid));
        } catch (InvalidJwtException e) {
            return new SessionVerification.Rejected(reasonOf(e));
        } catch (MalformedClaimException | IllegalArgumentException e) {
            return new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS);
        }
    }

    private JwtConsumer consumer(SessionKeyRing ring, Instant now) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(HS256_ONLY)
                .setVerificationKeyResolver((jws, nestingContext) -> ring.find(jws.getKeyIdHeaderValue())
                        .map(key -> new HmacKey(key.material()))
                        .orElseThrow(() -> new UnresolvableKeyException("No session key with that kid")))
                .setRequireSubject()
                .setRequireIssuedAt()
                .setRequireExpirationTime()
                .setIssuedAtRestrictions(CLOCK_SKEW_SECONDS, (int) Math.min(Integer.MAX_VALUE,
                        maxAge.toSeconds() + CLOCK_SKEW_SECONDS))
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setEvaluationTime(NumericDate.fromSeconds(now.getEpochSecond()))
                .build();
    }

    private static RejectionReason reasonOf(InvalidJwtException e) {
        if (e.hasExpired()) {
            return RejectionReason.EXPIRED;
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID)) {
            return RejectionReason.BAD_SIGNATURE;
        }
        return RejectionReason.INVALID_CLAIMS;
    }
}
