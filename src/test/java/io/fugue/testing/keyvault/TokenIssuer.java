package io.fugue.testing.keyvault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issues and checks the emulator's access tokens: JWTs shaped like Entra ID managed-identity tokens
 * ({@code aud}, {@code iss}, {@code tid}, {@code appid}, {@code oid}, {@code exp}), signed with HS256.
 * <p>
 * The signing key and tenant live for the JVM run rather than per emulator (see {@link JvmShared}): msal4j keeps
 * managed-identity tokens in a static cache, so a token fetched from one emulator instance is presented to the next
 * one in the same JVM, just as a real token stays valid across Key Vault front ends.
 */
final class TokenIssuer {

    static final String KEY_VAULT_RESOURCE = "https://vault.azure.net";
    static final String TENANT_ID = JvmShared.get("tenant-id", () -> UUID.randomUUID().toString());
    static final String ISSUER = "https://sts.windows.net/" + TENANT_ID + "/";

    private static final byte[] RUN_KEY = HexFormat.of().parseHex(JvmShared.get("token-key", () -> {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return HexFormat.of().formatHex(key);
    }));
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64_DECODER = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"fugue-keyvault-emulator\"}".getBytes(StandardCharsets.UTF_8));

    private final Clock clock;
    private final Duration lifetime;

    TokenIssuer(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    /** A token for the identity and resource, and when it expires. */
    IssuedToken issue(ManagedIdentity identity, String resource) {
        Instant now = clock.instant();
        Instant expires = now.plus(lifetime);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", resource);
        claims.put("iss", ISSUER);
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        claims.put("appid", identity.clientId());
        claims.put("oid", identity.objectId());
        claims.put("sub", identity.objectId());
        claims.put("tid", TENANT_ID);
        claims.put("idtyp", "app");
        claims.put("xms_mi_system", identity.systemAssigned());
        try {
            String payload = B64.encodeToString(JSON.writeValueAsBytes(claims));
            String signingInput = HEADER + "." + payload;
            return new IssuedToken(signingInput + "." + B64.encodeToString(sign(signingInput)), expires);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a bearer token the way Key Vault would: our signature, not expired, our issuer, the Key Vault audience.
     *
     * @return the identity, or empty with the reason in {@code problem}
     */
    TokenCheck check(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return TokenCheck.rejected("Token is malformed.");
        }
        byte[] signature;
        JsonNode claims;
        try {
            signature = B64_DECODER.decode(parts[2]);
            claims = JSON.readTree(B64_DECODER.decode(parts[1]));
        } catch (IllegalArgumentException | java.io.IOException e) {
            return TokenCheck.rejected("Token is malformed.");
        }
        if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
            return TokenCheck.rejected("Token signature is invalid.");
        }
        String audience = claims.path("aud").asText();
        if (!audience.equals(KEY_VAULT_RESOURCE) && !audience.equals(KEY_VAULT_RESOURCE + "/")) {
            return TokenCheck.rejected("AKV10022: Invalid audience. Expected " + KEY_VAULT_RESOURCE + ", found: " + audience + ".");
        }
        if (!ISSUER.equals(claims.path("iss").asText())) {
            return TokenCheck.rejected("AKV10032: Invalid issuer. Expected one of " + ISSUER + ", found: "
                    + claims.path("iss").asText() + ".");
        }
        Instant now = clock.instant();
        if (Instant.ofEpochSecond(claims.path("exp").asLong()).plus(CLOCK_SKEW).isBefore(now)) {
            return TokenCheck.rejected("Token is expired.");
        }
        if (Instant.ofEpochSecond(claims.path("nbf").asLong()).minus(CLOCK_SKEW).isAfter(now)) {
            return TokenCheck.rejected("Token is not yet valid.");
        }
        String clientId = claims.path("appid").asText();
        ManagedIdentity identity = claims.path("xms_mi_system").asBoolean()
                ? new ManagedIdentity(clientId, claims.path("oid").asText(), true)
                : ManagedIdentity.userAssigned(clientId);
        return TokenCheck.accepted(identity);
    }

    private static byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(RUN_KEY, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    record IssuedToken(String accessToken, Instant expiresOn) {
    }

    record TokenCheck(Optional<ManagedIdentity> identity, String problem) {

        static TokenCheck accepted(ManagedIdentity identity) {
            return new TokenCheck(Optional.of(identity), null);
        }

        static TokenCheck rejected(String problem) {
            return new TokenCheck(Optional.empty(), problem);
        }
    }
}
