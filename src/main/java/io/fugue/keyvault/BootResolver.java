package io.fugue.keyvault;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.azure.core.exception.ResourceNotFoundException;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Resolves every reference found at boot in one parallel wave per vault, within a deadline, and collects every
 * failure instead of stopping at the first.
 * <p>
 * The first secret of each vault goes alone: it carries Key Vault's authentication challenge and the token
 * request, which the SDK then caches. Sent together, every request of the first wave would be challenged. The token
 * request starts at the same time as that first request rather than after its challenge (where the scope Key Vault
 * will name is known in advance), so the challenge and the token take one round trip between them. The others go as
 * soon as the first is resent with its token, not after its answer, so they share its round trip: three round trips
 * become two. Version listings asked for (the session key's, see {@link SecretRefresher#HISTORY_PROPERTIES}) go with
 * the wave.
 */
final class BootResolver {

    private static final int MAX_CONCURRENCY = 64;

    private final SecretFetcher fetcher;
    private final FailureExplainer explainer;

    BootResolver(SecretFetcher fetcher, FailureExplainer explainer) {
        this.fetcher = fetcher;
        this.explainer = explainer;
    }

    /**
     * What boot resolved, the secrets that do not exist but whose every use has a default value, one message per
     * reference that failed, and the version listings that were asked for and arrived.
     */
    record Result(List<CachedSecret> resolved, List<SecretReference> absent, List<String> failures, int vaults,
            Map<SecretReference, List<VersionSelection.Listed>> listings) {
    }

    /**
     * @param references each distinct secret with the properties that use it and whether all have defaults
     * @param listed secrets among them whose version listing (metadata only) is wanted too: it joins the wave, and
     *        one that fails or comes late is simply left out
     */
    Result resolve(Map<SecretReference, ReferenceScanner.Usage> references, Set<SecretReference> listed,
            Duration timeout) {
        Map<SecretReference, CachedSecret> resolved = new ConcurrentHashMap<>();
        Map<SecretReference, Throwable> failed = new ConcurrentHashMap<>();
        Map<SecretReference, List<VersionSelection.Listed>> listings = new ConcurrentHashMap<>();
        Map<URI, List<SecretReference>> byVault = new LinkedHashMap<>();
        references.keySet().forEach(ref -> byVault.computeIfAbsent(ref.vault(), v -> new ArrayList<>()).add(ref));

        List<Disposable> tokens = byVault.keySet().stream().map(fetcher::prefetchToken).toList();
        CountDownLatch done = new CountDownLatch(1);
        Disposable wave = Flux.fromIterable(byVault.entrySet())
                .flatMap(vault -> {
                    List<SecretReference> refs = vault.getValue();
                    Mono<Void> first = attempt(refs.get(0), resolved, failed).cache();
                    Flux<Void> others = Flux.fromIterable(refs.subList(1, refs.size()))
                            .flatMap(ref -> attempt(ref, resolved, failed), MAX_CONCURRENCY)
                            .mergeWith(Flux.fromIterable(refs).filter(listed::contains)
                                    .flatMap(ref -> list(ref, listings)));
                    // The others go once the first is sent with its token, or once it has failed without one.
                    return first.mergeWith(Mono.firstWithSignal(fetcher.authorized(vault.getKey()), first)
                            .thenMany(others).then());
                })
                .doFinally(signal -> done.countDown())
                .subscribe();
        boolean finished = await(done, timeout);
        wave.dispose();
        tokens.forEach(Disposable::dispose);

        List<String> failures = new ArrayList<>();
        List<SecretReference> absent = new ArrayList<>();
        references.forEach((ref, usage) -> {
            Throwable failure = failed.get(ref);
            if (failure instanceof ResourceNotFoundException && usage.optional()) {
                absent.add(ref); // every use has a default value
                return;
            }
            if (failure != null) {
                failures.add(explainer.explain(usage.properties(), ref, failure));
            } else if (!resolved.containsKey(ref) && !finished) {
                failures.add(explainer.timeout(usage.properties(), ref, timeout));
            }
        });
        return new Result(List.copyOf(resolved.values()), absent, failures, byVault.size(), Map.copyOf(listings));
    }

    private Mono<Void> attempt(SecretReference ref, Map<SecretReference, CachedSecret> resolved,
            Map<SecretReference, Throwable> failed) {
        return fetcher.fetch(ref)
                .doOnNext(secret -> resolved.put(ref, secret))
                .doOnError(error -> failed.put(ref, error))
                .onErrorResume(error -> Mono.empty())
                .then();
    }

    private Mono<Void> list(SecretReference ref, Map<SecretReference, List<VersionSelection.Listed>> listings) {
        // Whoever wanted the listing asks again if it is missing, and reports a failure then.
        return fetcher.listVersions(ref)
                .doOnNext(listing -> listings.put(ref, listing))
                .onErrorResume(error -> Mono.empty())
                .then();
    }

    private static boolean await(CountDownLatch done, Duration timeout) {
        try {
            return done.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
