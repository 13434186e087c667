package io.fugue.keyvault;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolved secrets, read by the config source and the runtime alike. Each secret's versions are replaced whole, so
 * readers see either the old or the new state of a secret, never a mix.
 */
public final class SecretCache {

    private final Map<SecretReference, SecretVersions> secrets = new ConcurrentHashMap<>();

    /** The newest held version of a secret. */
    public Optional<CachedSecret> get(SecretReference reference) {
        return versions(reference).map(SecretVersions::newest);
    }

    public Optional<SecretVersions> versions(SecretReference reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    void put(CachedSecret secret) {
        secrets.put(secret.reference(), SecretVersions.of(secret));
    }

    void put(SecretReference reference, SecretVersions versions) {
        secrets.put(reference, versions);
    }

    Set<SecretReference> references() {
        return Set.copyOf(secrets.keySet());
    }

    public int size() {
        return secrets.size();
    }
}
