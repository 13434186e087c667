package io.fugue.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.quarkus.runtime.configuration.ConfigurationException;

/** Turns configured key strings into {@link SessionKey}s, refusing weak ones. Pure logic. */
public final class SessionKeys {

    /** HS256 needs a key at least as long as its 256-bit output (RFC 7518, section 3.2). */
    public static final int MIN_KEY_BYTES = 32;
    static final String SIGNING_KEY_PROPERTY = "fugue.session.signing-key";
    static final String FALLBACK_KEYS_PROPERTY = "fugue.session.fallback-keys";

    private SessionKeys() {
    }

    /** Builds the ring from {@code fugue.session.signing-key} and {@code fugue.session.fallback-keys}. */
    public static SessionKeyRing ring(String signingKey, List<String> fallbackKeys) {
        SessionKey signing = fromConfig(SIGNING_KEY_PROPERTY, signingKey);
        List<SessionKey> fallbacks = fallbackKeys.stream().map(key -> fromConfig(FALLBACK_KEYS_PROPERTY, key)).toList();
        return new SessionKeyRing(signing, fallbacks);
    }

    /**
     * A key whose material is the UTF-8 bytes of {@code value} and whose kid is a hash of it.
     *
     * @throws ConfigurationException naming {@code property} (never the value) when the key is too short
     */
    public static SessionKey fromConfig(String property, String value) {
        byte[] material = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        if (material.length < MIN_KEY_BYTES) {
            throw new ConfigurationException(property + " must be at least " + MIN_KEY_BYTES
                    + " bytes of key material (UTF-8); refusing to start with a weak session key");
        }
        return new SessionKey(kidOf(material), material);
    }

    /** First 16 hex characters of the SHA-256 of the key: identifies it without revealing it. */
    public static String kidOf(byte[] material) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(material);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
