package io.fugue.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The keys in force at one moment: the newest key, which signs every new or re-issued token, and older keys that are
 * only accepted for verification. Immutable.
 */
public final class SessionKeyRing {

    private final SessionKey signingKey;
    private final Map<String, SessionKey> byKid = new LinkedHashMap<>();

    /**
     * @param signingKey       the newest key
     * @param verificationKeys older keys still accepted; a key equal to the signing key, or repeated, is ignored
     * @throws IllegalArgumentException when two different keys share a kid
     */
    public SessionKeyRing(SessionKey signingKey, List<SessionKey> verificationKeys) {
        this.signingKey = Objects.requireNonNull(signingKey, "signingKey");
        byKid.put(signingKey.kid(), signingKey);
        for (SessionKey key : verificationKeys) {
            SessionKey known = byKid.putIfAbsent(key.kid(), key);
            if (known != null && !known.equals(key)) {
                throw new IllegalArgumentException("Two different session keys share the kid " + key.kid());
            }
        }
    }

    /** The key that signs new tokens. */
    public SessionKey signingKey() {
        return signingKey;
    }

    /** Any accepted key, the signing key included. */
    public Optional<SessionKey> find(String kid) {
        return Optional.ofNullable(kid).map(byKid::get);
    }

    /** Every accepted key, the signing key first. */
    public List<SessionKey> keys() {
        return List.copyOf(new ArrayList<>(byKid.values()));
    }

    @Override
    public String toString() {
        return "SessionKeyRing[signing=" + signingKey.kid() + ", accepted=" + byKid.keySet() + "]";
    }
}
