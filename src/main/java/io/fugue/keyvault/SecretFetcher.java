package io.fugue.keyvault;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Fetches one secret (its latest enabled version, or the pinned one) through the shared clients. */
final class SecretFetcher {

    private final KeyVaultClients clients;

    SecretFetcher(KeyVaultClients clients) {
        this.clients = clients;
    }

    Mono<CachedSecret> fetch(SecretReference reference) {
        return clients.forVault(reference.vault())
                .getSecret(reference.name(), reference.version())
                .map(secret -> toCached(reference, secret));
    }

    /** Starts the token request of a vault's first, challenged request ahead of the challenge. */
    Disposable prefetchToken(URI vault) {
        return clients.prefetchToken(vault);
    }

    /** A pinned version of an otherwise unpinned reference, e.g. a previous session key. */
    Mono<CachedSecret> fetchVersion(SecretReference reference, String version) {
        return clients.forVault(reference.vault())
                .getSecret(reference.name(), version)
                .map(secret -> toCached(reference, secret));
    }

    /** The versions of a secret, metadata only: no value is downloaded. */
    Mono<List<VersionSelection.Listed>> listVersions(SecretReference reference) {
        return clients.forVault(reference.vault())
                .listPropertiesOfSecretVersions(reference.name())
                .map(p -> new VersionSelection.Listed(p.getVersion(), Boolean.TRUE.equals(p.isEnabled()),
                        p.getCreatedOn() == null ? null : p.getCreatedOn().toInstant()))
                .collectList();
    }

    private static CachedSecret toCached(SecretReference reference, KeyVaultSecret secret) {
        Instant created = secret.getProperties().getCreatedOn() == null ? null
                : secret.getProperties().getCreatedOn().toInstant();
        return new CachedSecret(reference, secret.getValue(), secret.getProperties().getVersion(), created);
    }
}
