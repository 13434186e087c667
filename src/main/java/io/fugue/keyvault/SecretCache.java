package io.fugue.keyvault;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolved secrets, read by the config source and the runtime alike. Each entry is replaced whole, so readers see
 * either the old or the new version of a secret, never a mix.
 */
public final class SecretCache {

    private final Map<SecretReference, CachedSecret> secrets = new ConcurrentHashMap<>();

    public Optional<CachedSecret> get(SecretReference reference) {
        return Optional.ofNullable(secrets.get(reference));
    }

    void put(CachedSecret secret) {
        secrets.put(secret.reference(), secret);
    }

    public Collection<CachedSecret> all() {
        return secrets.values();
    }

    public int size() {
        return secrets.size();
    }
}
