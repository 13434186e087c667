package io.fugue.keyvault;

import java.util.List;

/**
 * The versions of one secret that fugue holds, newest first. Most secrets hold just their newest version; a secret
 * that must verify what older versions signed (the session key) also holds its recent enabled versions.
 */
public record SecretVersions(List<CachedSecret> versions) {

    public SecretVersions {
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a secret has at least one version");
        }
        versions = List.copyOf(versions);
    }

    static SecretVersions of(CachedSecret newest) {
        return new SecretVersions(List.of(newest));
    }

    public CachedSecret newest() {
        return versions.get(0);
    }

    List<String> versionIds() {
        return versions.stream().map(CachedSecret::version).toList();
    }
}
