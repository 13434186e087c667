package io.fugue.keyvault;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Fetches one secret (its latest enabled version, or the pinned one) through the shared clients. */
final class SecretFetcher {

    private final KeyVaultClients clients;

    SecretFetcher(KeyVaultClients clients) {
        this.clients = clients;
    }

    /**
     * The pinned version, or the newest enabled one. Key Vault refuses the latest version with 403
     * {@code SecretDisabled} when the newest is disabled, even if an older one is enabled: the versions are then
     * listed and the newest enabled one fetched, the version a refresh would hold (a replica starting after a leaked
     * version was disabled must come up with what the running ones use). With none enabled, or when the newest
     * enabled versions tie on their creation second (the listing cannot tell which is newer, see {@link TieBreaks}),
     * the 403 stands.
     */
    Mono<CachedSecret> fetch(SecretReference reference) {
        Mono<CachedSecret> latest = clients.forVault(reference.vault())
                .getSecret(reference.name(), reference.version())
                .map(secret -> toCached(reference, secret));
        if (reference.version() != null) {
            return latest;
        }
        return latest.onErrorResume(FailureExplainer::isSecretDisabled,
                disabled -> newestEnabled(reference).switchIfEmpty(Mono.error(disabled)));
    }

    private Mono<CachedSecret> newestEnabled(SecretReference reference) {
        return listVersions(reference)
                .filter(listing -> VersionSelection.tiedNewest(listing).isEmpty())
                .flatMap(listing -> VersionSelection.select(listing, Optional.empty(), Instant.now()).stream()
                        .findFirst()
                        .map(version -> fetchVersion(reference, version))
                        .orElseGet(Mono::empty));
    }

    /** Starts the token request of a vault's first, challenged request ahead of the challenge. */
    Disposable prefetchToken(URI vault) {
        return clients.prefetchToken(vault);
    }

    /** Completes once the vault's client sends requests with a token (see {@link KeyVaultClients#authorized}). */
    Mono<Void> authorized(URI vault) {
        return clients.authorized(vault);
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
