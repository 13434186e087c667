package io.fugue.session;

import java.util.Locale;

/** Why a session cookie was refused; the lower-case name is the {@code reason} tag of the verification counter. */
public enum RejectionReason {
    /** No session cookie at all. */
    MISSING,
    /** Not a compact JWS. */
    MALFORMED,
    /** A JWS with any algorithm but HS256, {@code none} included. */
    ALGORITHM,
    /** The {@code kid} names no key in the ring (unknown, or removed since). */
    UNKNOWN_KEY,
    /** The signature does not match the header and payload: tampered, or signed with another key. */
    BAD_SIGNATURE,
    /** Past its {@code exp}. */
    EXPIRED,
    /** Signed correctly but a claim is missing or unusable. */
    INVALID_CLAIMS,
    /** Logged out, with {@code fugue.session.revocation.enabled}: a copy of the cookie kept after logout. */
    REVOKED;

    /** The metric tag value. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
