package io.fugue.session;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

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
    private static final ObjectReader CLAIMS_READER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .readerFor(new TypeReference<Map<String, Object>>() {
            });

    private final Duration maxAge;
    /** The keys of the last ring verified against; replaced when another ring comes. */
    private volatile RingKeys ringKeys;

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

    /**
     * Checks {@code token} against every key of {@code ring} at the time {@code now}. The token is parsed once; the
     * signature is checked before the claims are read, so the payload of a forged token is never parsed as JSON.
     */
    public SessionVerification verify(String token, SessionKeyRing ring, Instant now) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return new SessionVerification.Rejected(token == null ? RejectionReason.MISSING : RejectionReason.MALFORMED);
        }
        JsonWebSignature jws;
        String alg;
        String kid;
        try {
            if (!(JsonWebStructure.fromCompactSerialization(token) instanceof JsonWebSignature parsed)) {
                return new SessionVerification.Rejected(RejectionReason.MALFORMED);
            }
            jws = parsed;
            // Inside the try: a non-string alg or kid makes jose4j throw ClassCastException.
            alg = jws.getAlgorithmHeaderValue();
            kid = jws.getKeyIdHeaderValue();
        } catch (JoseException | RuntimeException e) {
            return new SessionVerification.Rejected(RejectionReason.MALFORMED);
        }
        if (!AlgorithmIdentifiers.HMAC_SHA256.equals(alg)) {
            return new SessionVerification.Rejected(RejectionReason.ALGORITHM);
        }
        HmacKey key = kid == null ? null : hmacKeys(ring).get(kid);
        if (key == null) {
            return new SessionVerification.Rejected(RejectionReason.UNKNOWN_KEY, kid);
        }
        try {
            jws.setAlgorithmConstraints(HS256_ONLY);
            jws.setKey(key);
            // Also refuses a crit header (a JoseException, as it was inside JwtConsumer).
            if (!jws.verifySignature()) {
                return new SessionVerification.Rejected(RejectionReason.BAD_SIGNATURE);
            }
            JwtClaims claims = claimsOf(jws.getPayloadBytes());
            // jose4j's own claim rules, on this same object: its signature check there is the cached result of the
            // one above (same key), so the HMAC is computed once.
            consumer(key, now).processContext(new JwtContext(token, claims, List.of(jws)));
            String jti = claims.getJwtId();
            SessionClaims session = new SessionClaims(UUID.fromString(claims.getSubject()),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()),
                    Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    jti == null ? null : UUID.fromString(jti));
            return new SessionVerification.Accepted(session, ring.signingKey().kid().equals(kid));
        } catch (InvalidJwtException e) {
            return new SessionVerification.Rejected(reasonOf(e));
        } catch (JoseException | MalformedClaimException | IOException | IllegalArgumentException
                | DateTimeException e) {
            // DateTimeException: a NumericDate beyond Instant's range, e.g. an exp of 1e30.
            return new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS);
        }
    }

    /**
     * The claims of an authenticated payload (JSON we wrote), read with Jackson: jose4j's parser allocates a 32 KB
     * buffer per document and took 1.7 µs of the 6.5, Jackson 0.3. Duplicate names are refused, as jose4j does.
     */
    private static JwtClaims claimsOf(byte[] payload) throws IOException {
        Map<String, Object> map = CLAIMS_READER.readValue(payload);
        if (map == null) {
            throw new IOException("The claims are JSON null, not an object");
        }
        JwtClaims claims = new JwtClaims();
        map.forEach(claims::setClaim);
        return claims;
    }

    /** The ring's keys as jose4j keys, built once per ring: a rotation brings a new ring, hence new keys. */
    private Map<String, HmacKey> hmacKeys(SessionKeyRing ring) {
        RingKeys cached = ringKeys;
        if (cached == null || cached.ring() != ring) {
            Map<String, HmacKey> byKid = new HashMap<>();
            for (SessionKey key : ring.keys()) {
                byKid.put(key.kid(), new HmacKey(key.material()));
            }
            cached = new RingKeys(ring, Map.copyOf(byKid));
            ringKeys = cached;
        }
        return cached.byKid();
    }

    /** Per call because the evaluation time is fixed at build; building costs under 0.1 µs. */
    private JwtConsumer consumer(HmacKey key, Instant now) {
        return new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(HS256_ONLY)
                .setVerificationKey(key)
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

    private record RingKeys(SessionKeyRing ring, Map<String, HmacKey> byKid) {
    }
}
