package io.fugue.keyvault;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Lets callers that ask for the same token at the same time share one request. Each vault's client has its own token
 * cache, and the identity library caches only tokens it has received, so the first requests to several vaults,
 * challenged together at boot, would otherwise each ask the identity endpoint.
 * <p>
 * Boot also {@linkplain #prefetch starts} the token request before Key Vault's challenge says which tenant it wants.
 * A caller asking for the same scope meanwhile, for whichever tenant, waits for that request to end and then asks the
 * identity library itself: a managed identity has a single tenant, so it then answers from its cache, and for any
 * other credential the caller gets exactly what it would have got without the early request, failures included.
 */
final class SingleFlightTokenCredential implements TokenCredential {

    private final TokenCredential delegate;
    private final Map<String, Mono<AccessToken>> inFlight = new ConcurrentHashMap<>();
    /** Early requests by {@link #scopeKey}, each completing (never failing) when its request has ended. */
    private final Map<String, Mono<Void>> early = new ConcurrentHashMap<>();

    SingleFlightTokenCredential(TokenCredential delegate) {
        this.delegate = delegate;
    }

    @Override
    public Mono<AccessToken> getToken(TokenRequestContext request) {
        if (request.getProofOfPossessionOptions() != null) {
            return delegate.getToken(request);
        }
        return Mono.defer(() -> {
            Mono<AccessToken> own = Mono.defer(() -> shared(request));
            Mono<Void> earlier = early.get(scopeKey(request));
            return earlier == null ? own : earlier.then(own);
        });
    }

    /**
     * Starts a token request now, for a caller that will ask for this scope soon with a tenant not known yet.
     *
     * @return cancels the request (when nothing waits for it any more)
     */
    Disposable prefetch(TokenRequestContext request) {
        String key = scopeKey(request);
        Mono<Void> settled = shared(request).then().onErrorResume(error -> Mono.empty()).cache();
        if (early.putIfAbsent(key, settled) != null) {
            return () -> { }; // one is already under way
        }
        return settled.doFinally(signal -> early.remove(key, settled)).subscribe();
    }

    private Mono<AccessToken> shared(TokenRequestContext request) {
        // Later callers get the identity library's cached token, so an entry lives only while its request runs.
        return inFlight.computeIfAbsent(key(request), k -> delegate.getToken(request)
                .doFinally(signal -> inFlight.remove(k))
                .cache());
    }

    private static String key(TokenRequestContext request) {
        return scopeKey(request) + "|" + request.getTenantId();
    }

    private static String scopeKey(TokenRequestContext request) {
        return String.join(" ", request.getScopes()) + "|" + request.getClaims() + "|" + request.isCaeEnabled();
    }
}
