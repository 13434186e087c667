package io.fugue.session;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds honest and forged session tokens with jose4j, independently of the production code path. */
public final class TestTokens {

    /** A key given directly, as under Method 1 (the %test profile's own key comes from the emulator). */
    public static final String TEST_KEY = "test-only-signing-key-not-a-secret-0123456789";

    private TestTokens() {
    }

    public static String kidOf(String key) {
        return SessionKeys.kidOf(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A token made like the service makes them, with any claims, key, kid and algorithm. */
    public static String sign(String alg, java.security.Key key, String kid, String sub, Instant iat, Instant exp) {
        JwtClaims claims = new JwtClaims();
        if (sub != null) {
            claims.setSubject(sub);
        }
        if (iat != null) {
            claims.setIssuedAt(NumericDate.fromSeconds(iat.getEpochSecond()));
        }
        if (exp != null) {
            claims.setExpirationTime(NumericDate.fromSeconds(exp.getEpochSecond()));
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setAlgorithmHeaderValue(alg);
        jws.setAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setKey(key);
        jws.setDoKeyValidation(false); // any key: also one shorter than HS256 wants, as a forger might use
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with the given key string, its hash as kid, a 12-hour lifetime from now. */
    public static String hs256(String key, String sub) {
        Instant now = Instant.now();
        return sign(AlgorithmIdentifiers.HMAC_SHA256, hmac(key), kidOf(key), sub, now, now.plusSeconds(12 * 3600));
    }

    /** HS256 with the given key string and kid, a 12-hour lifetime from now. */
    public static String hs256(String key, String kid, String sub) {
        Instant now = Instant.now();
        return sign(AlgorithmIdentifiers.HMAC_SHA256, hmac(key), kid, sub, now, now.plusSeconds(12 * 3600));
    }

    public static HmacKey hmac(String key) {
        return new HmacKey(key.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code alg: none}, unsigned, naming a valid kid. */
    public static String unsigned(String kid, String sub) {
        Instant now = Instant.now();
        return sign(AlgorithmIdentifiers.NONE, null, kid, sub, now, now.plusSeconds(3600));
    }

    /** HS512 with a fresh 64-byte key, naming a valid kid. */
    public static String hs512(String kid, String sub) {
        byte[] key = new byte[64];
        new SecureRandom().nextBytes(key);
        Instant now = Instant.now();
        return sign(AlgorithmIdentifiers.HMAC_SHA512, new HmacKey(key), kid, sub, now, now.plusSeconds(3600));
    }

    /** RS256 with a fresh RSA key, naming a valid kid. */
    public static String rs256(String kid, String sub) {
        try {
            RsaJsonWebKey rsa = RsaJwkGenerator.generateJwk(2048);
            Instant now = Instant.now();
            return sign(AlgorithmIdentifiers.RSA_USING_SHA256, rsa.getPrivateKey(), kid, sub, now,
                    now.plusSeconds(3600));
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token whose {@code alg} is written exactly as given (e.g. {@code nOnE}), empty signature. */
    public static String unsignedAs(String alg, String kid, String sub) {
        Instant now = Instant.now();
        String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + kid + "\"}";
        return base64Url(header.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claims(sub, now).getBytes(
                StandardCharsets.UTF_8)) + ".";
    }

    /**
     * The classic RS/HS swap: the header says RS256, the signature is HMAC-SHA256 keyed with {@code hmacKey}, as a
     * verifier that used its HMAC key as an RSA "public key" would compute it.
     */
    public static String rsHeaderHmacSigned(String hmacKey, String kid, String sub) {
        String header = "{\"alg\":\"RS256\",\"kid\":\"" + kid + "\"}";
        String signingInput = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "."
                + base64Url(claims(sub, Instant.now()).getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(hmacKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + base64Url(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 signed with the attacker's own key, which the header carries as a {@code jwk} for the verifier to use. */
    public static String embeddedJwk(String kid, String sub) {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            org.jose4j.jwk.OctetSequenceJsonWebKey jwk = new org.jose4j.jwk.OctetSequenceJsonWebKey(new HmacKey(key));
            JsonWebSignature jws = hs256Jws(kid, sub);
            jws.getHeaders().setObjectHeaderValue("jwk",
                    jwk.toParams(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_SYMMETRIC));
            jws.setKey(new HmacKey(key));
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Correctly signed with {@code key}, plus a {@code crit} extension no verifier can know. */
    public static String withCriticalHeader(String key, String kid, String sub) {
        try {
            JsonWebSignature jws = hs256Jws(kid, sub);
            jws.setHeader("x-fugue-must-understand", true);
            jws.setCriticalHeaderNames("x-fugue-must-understand");
            jws.setKey(hmac(key));
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWE (dir, A128CBC-HS256) of valid claims, encrypted with the first 32 bytes of {@code key}. */
    public static String jwe(String key, String kid, String sub) {
        try {
            org.jose4j.jwe.JsonWebEncryption jwe = new org.jose4j.jwe.JsonWebEncryption();
            jwe.setAlgorithmHeaderValue(org.jose4j.jwe.KeyManagementAlgorithmIdentifiers.DIRECT);
            jwe.setEncryptionMethodHeaderParameter(
                    org.jose4j.jwe.ContentEncryptionAlgorithmIdentifiers.AES_128_CBC_HMAC_SHA_256);
            jwe.setKeyIdHeaderValue(kid);
            jwe.setPayload(claims(sub, Instant.now()));
            jwe.setKey(new org.jose4j.keys.AesKey(java.util.Arrays.copyOf(key.getBytes(StandardCharsets.UTF_8), 32)));
            return jwe.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonWebSignature hs256Jws(String kid, String sub) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(sub, Instant.now()));
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        jws.setKeyIdHeaderValue(kid);
        return jws;
    }

    private static String claims(String sub, Instant now) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(sub);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        return claims.toJson();
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Replaces one character in the middle of a segment (0 header, 1 payload, 2 signature) by another. */
    public static String flip(String token, int segment) {
        String[] parts = token.split("\\.", -1);
        char[] chars = parts[segment].toCharArray();
        int middle = chars.length / 2;
        chars[middle] = chars[middle] == 'A' ? 'B' : 'A';
        parts[segment] = new String(chars);
        return String.join(".", parts);
    }

    /** The decoded JSON header or payload of a compact JWS. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> decode(String token, int segment) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.split("\\.")[segment]);
            return new ObjectMapper().readValue(json, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
