package io.fugue.session;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One HMAC key and the identifier that travels in the token's {@code kid} header.
 *
 * @param kid      public identifier of the key: never derived in a way that reveals the material
 * @param material the raw HMAC key bytes
 */
public record SessionKey(String kid, byte[] material) {

    /** Safe in a JOSE header, a log line and a metric tag. */
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    public SessionKey {
        Objects.requireNonNull(kid, "kid");
        if (!KID.matcher(kid).matches()) {
            throw new IllegalArgumentException("A kid is 1 to 128 characters of [A-Za-z0-9_.-]");
        }
        material = Objects.requireNonNull(material, "material").clone();
    }

    /** A copy, so that no caller can change the key in place. */
    @Override
    public byte[] material() {
        return material.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionKey key && kid.equals(key.kid) && Arrays.equals(material, key.material);
    }

    @Override
    public int hashCode() {
        return kid.hashCode();
    }

    /** Names the key only: key material must never reach a log line or an error message. */
    @Override
    public String toString() {
        return "SessionKey[kid=" + kid + "]";
    }
}
