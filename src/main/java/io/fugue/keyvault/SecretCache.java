package io.fugue.keyvault;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolved secrets, read by the config source and the runtime alike. The whole cache is one immutable snapshot
 * that a refresh replaces at once, so a reader that takes a {@link #snapshot()} sees a consistent set — a new
 * database user never paired with the old password.
 */
public final class SecretCache {

    private volatile Map<SecretReference, SecretVersions> secrets = Map.of();

    /** The newest held version of a secret. */
    public Optional<CachedSecret> get(SecretReference reference) {
        return versions(reference).map(SecretVersions::newest);
    }

    public Optional<SecretVersions> versions(SecretReference reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    /** Every held secret as of now; later refreshes do not change it. */
    public Map<SecretReference, SecretVersions> snapshot() {
        return secrets;
    }

    void put(CachedSecret secret) {
        putAll(Map.of(secret.reference(), SecretVersions.of(secret)));
    }

    /** Replaces the given secrets in one step. */
    synchronized void putAll(Map<SecretReference, SecretVersions> changes) {
        Map<SecretReference, SecretVersions> next = new HashMap<>(secrets);
        next.putAll(changes);
        secrets = Map.copyOf(next);
    }

    Set<SecretReference> references() {
        return secrets.keySet();
    }

    public int size() {
        return secrets.size();
    }
}
