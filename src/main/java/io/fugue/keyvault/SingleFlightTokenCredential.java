package io.fugue.keyvault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.publisher.Mono;

/**
 * Lets callers that ask for the same token at the same time share one request. Each vault's client has its own token
 * cache, and the identity library caches only tokens it has received, so the first requests to several vaults,
 * challenged together at boot, would otherwise each ask the identity endpoint.
 */
final class SingleFlightTokenCredential implements TokenCredential {

    private final TokenCredential delegate;
    private final Map<String, Mono<AccessToken>> inFlight = new ConcurrentHashMap<>();

    SingleFlightTokenCredential(TokenCredential delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        if (request.getProofOfPossessionOptions() != null) {
            return delegate.getToken(request);
        }
        String key = String.join(" ", request.getScopes()) + "|" + request.getTenantId() + "|" + request.getClaims()
                + "|" + request.isCaeEnabled();
        // Later callers get the identity library's cached token, so an entry lives only while its request runs.
        return Mono.defer(() -> inFlight.computeIfAbsent(key, k -> delegate.getToken(request)
                .doFinally(signal -> inFlight.remove(k))
                .cache()));
    }
}
