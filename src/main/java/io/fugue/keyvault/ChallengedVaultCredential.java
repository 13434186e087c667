package io.fugue.keyvault;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The shared credential as one vault's client sees it, noting when that client first asks for a token. Key Vault's
 * challenge policy asks only once it has cached the vault's challenge, so from then on further requests to the vault
 * need no challenge of their own and join the token request already under way: the boot wave can start.
 */
final class ChallengedVaultCredential implements TokenCredential {

    private final TokenCredential shared;
    private final Sinks.Empty<Void> tokenRequested = Sinks.empty();

    ChallengedVaultCredential(TokenCredential shared) {
        this.shared = shared;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        tokenRequested.tryEmitEmpty();
        return shared.getToken(request);
    }

    /** Completes once this vault's challenge is known. */
    Mono<Void> challengeKnown() {
        return tokenRequested.asMono();
    }
}
