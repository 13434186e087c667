package io.fugue.keyvault;

import java.time.Instant;

import com.azure.security.keyvault.secrets.models.KeyVaultSecret;

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

    private static CachedSecret toCached(SecretReference reference, KeyVaultSecret secret) {
        Instant created = secret.getProperties().getCreatedOn() == null ? null
                : secret.getProperties().getCreatedOn().toInstant();
        return new CachedSecret(reference, secret.getValue(), secret.getProperties().getVersion(), created);
    }
}
