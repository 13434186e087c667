package io.fugue.keyvault;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.quarkus.runtime.StartupEvent;

/**
 * Keeps the cached secrets current: every {@code fugue.keyvault.refresh-interval} it lists the versions of each
 * unpinned secret (metadata only) and downloads a value only when a version is new. Runs on its own thread, so no
 * request thread or event loop ever waits for Key Vault. A secret that cannot be refreshed keeps its last good values
 * while the others are refreshed; a failed refresh logs one WARN per failure streak and retries with backoff.
 */
@ApplicationScoped
public class SecretRefresher {

    /**
     * The properties whose secret the application {@linkplain #keepHistory keeps the history of}: the session signing
     * key ({@code io.fugue.session.SessionKeySources}). Boot lists the versions of their secrets along with its wave
     * of GETs, so that {@link #keepHistory} needs no round trip of its own at startup; for any other secret it lists
     * them itself.
     */
    public static final Set<String> HISTORY_PROPERTIES = Set.of("fugue.session.signing-key");

    private static final Logger LOG = Logger.getLogger(SecretRefresher.class);

    private final Optional<KeyVaultRuntime> runtime;
    private final Map<SecretReference, Duration> historyWindows = new ConcurrentHashMap<>();
    private final TieBreaks tieBreaks = new TieBreaks();
    private final List<Consumer<SecretReference>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder changed = new LongAdder();
    private volatile Instant lastSuccess;
    private volatile int failureStreak;
    private volatile String lastError;
    private volatile RefreshSchedule schedule;

    public SecretRefresher() {
        this.runtime = KeyVaultRuntime.current();
        this.lastSuccess = runtime.map(KeyVaultRuntime::resolvedAt).orElse(null);
    }

    void start(@Observes StartupEvent event) {
        runtime.ifPresent(rt -> {
            Duration interval = rt.config().refreshInterval();
            schedule = new RefreshSchedule(interval, RefreshSchedule.FOLLOW_UP,
                    () -> !refresh().changed().isEmpty(), () -> failureStreak, this::recordUnexpected);
            schedule.start(interval);
        });
    }

    @PreDestroy
    void stop() {
        if (schedule != null) {
            schedule.stop();
        }
        // Nothing refreshes any more: the runtime's clients can go (see KeyVaultRuntime.close).
        runtime.ifPresent(KeyVaultRuntime::close);
    }

    /** Whether secrets come from Key Vault in this process. */
    public boolean active() {
        return runtime.isPresent();
    }

    /**
     * Holds, besides the newest version, the enabled versions that can still have signed something that lives for
     * {@code liveFor} ({@link VersionSelection#historyWindow}), and loads them now. Used for keys that must still
     * verify what their previous versions signed.
     *
     * @param property the property that uses the secret, for the message when the versions cannot be loaded
     * @throws KeyVaultResolutionException when they cannot: what the vault answered and what to check, as at boot
     */
    public synchronized void keepHistory(String property, SecretReference reference, Duration liveFor) {
        runtime.ifPresent(rt -> {
            historyWindows.put(reference, VersionSelection.historyWindow(liveFor, rt.config().refreshInterval()));
            Instant deadline = deadline(rt);
            List<VersionSelection.Listed> listing = bootListing(rt, reference).orElseGet(() -> {
                try {
                    return rt.fetcher().listVersions(reference).block(left(deadline));
                } catch (RuntimeException e) {
                    // Listing needs the 'list' permission besides 'get' (access-policy vaults grant them apart).
                    throw historyFailure(rt, property, reference, e, " (while listing its versions, which fugue "
                            + "holds several of)");
                }
            });
            try {
                refresh(rt, reference, Optional.ofNullable(listing), deadline)
                        .ifPresent(versions -> apply(rt, Map.of(reference, versions)));
            } catch (RuntimeException e) {
                throw historyFailure(rt, property, reference, e, "");
            }
        });
    }

    /** The boot's kind of message for a history that could not be loaded: the property, the vault's answer, advice. */
    private static KeyVaultResolutionException historyFailure(KeyVaultRuntime rt, String property,
            SecretReference reference, RuntimeException failure, String during) {
        return new KeyVaultResolutionException(
                List.of(rt.explainer().explain(Set.of(property), reference, failure) + during), 1);
    }

    /**
     * The listing boot made along with its GETs, if it has the version boot fetched: made concurrently, it can
     * predate a rotation that the GET already saw, and is then asked for again.
     */
    private static Optional<List<VersionSelection.Listed>> bootListing(KeyVaultRuntime rt, SecretReference reference) {
        Optional<String> fetched = rt.cache().get(reference).map(CachedSecret::version);
        return rt.takeBootListing(reference).filter(listing -> fetched.isPresent()
                && listing.stream().anyMatch(listed -> listed.version().equals(fetched.get())));
    }

    /**
     * Refreshes one secret on the refresh thread (after a refresh under way) if the vault has {@code version}, for a
     * user that has seen a version it does not hold: a session key another replica already signs with. The version is
     * asked for first (one GET), so a made-up one costs no listing. Listeners hear of a change as usual.
     *
     * @return completes when done; exceptionally when Key Vault could not be asked, or nothing refreshes here
     */
    public CompletableFuture<Void> refreshSoon(SecretReference reference, String version) {
        RefreshSchedule refreshThread = schedule;
        if (runtime.isEmpty() || refreshThread == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no Key Vault refresh in this process"));
        }
        return refreshThread.run(() -> refreshIfItHas(runtime.get(), reference, version));
    }

    private synchronized void refreshIfItHas(KeyVaultRuntime rt, SecretReference reference, String version) {
        Instant deadline = deadline(rt);
        // Throws for a version the vault does not have (404) or refuses (403 disabled): nothing to learn then.
        rt.fetcher().fetchVersion(reference, version).block(left(deadline));
        refresh(rt, reference, Optional.empty(), deadline).ifPresent(versions -> apply(rt, Map.of(reference, versions)));
    }

    /** Called with the reference of every secret whose held versions changed. */
    public void onChange(Consumer<SecretReference> listener) {
        listeners.add(listener);
    }

    /**
     * Refreshes every unpinned secret now, for tests and operators; the schedule carries on as before.
     *
     * @return the number of secrets whose versions changed
     * @throws RuntimeException when Key Vault could not be asked about some secret; those keep their cached values
     */
    public int refreshNow() {
        return refresh().changed().size();
    }

    /**
     * Like {@link #refreshNow()}, and says what it did. A secret the vault refuses (deleted, disabled, not readable by
     * this identity) does not hold back the others: what could be refreshed is applied, then the refresh counts as
     * failed. A vault that cannot be reached at all (connection, token, 5xx until the deadline) is not asked about its
     * other secrets until the next attempt. Vaults are refreshed side by side, so one that cannot be reached does not
     * hold back another.
     *
     * @throws RefreshFailedException when Key Vault could not be asked about some secret; those keep their cached
     *         values, and its message says which and why
     */
    public synchronized Outcome refresh() {
        if (runtime.isEmpty()) {
            return new Outcome(0, List.of());
        }
        KeyVaultRuntime rt = runtime.get();
        Instant deadline = deadline(rt);
        long started = System.nanoTime();
        Map<URI, List<SecretReference>> byVault = rt.cache().references().stream()
                .filter(reference -> reference.version() == null)
                .collect(Collectors.groupingBy(SecretReference::vault, LinkedHashMap::new, Collectors.toList()));
        // Vaults side by side, under the one deadline: a vault that cannot be reached holds its own secrets until the
        // deadline, never another vault's.
        List<VaultPass> passes = byVault.size() <= 1
                ? byVault.values().stream().map(references -> refreshVault(rt, references, deadline)).toList()
                : Flux.fromIterable(byVault.values())
                        .flatMapSequential(references -> Mono.fromCallable(() -> refreshVault(rt, references, deadline))
                                .subscribeOn(Schedulers.boundedElastic()))
                        // Bounded: an Error on a worker would never complete the list.
                        .collectList().block(left(deadline).plus(Duration.ofSeconds(5)));
        Map<SecretReference, SecretVersions> changes = new HashMap<>();
        Map<SecretReference, RuntimeException> failures = new LinkedHashMap<>();
        Map<URI, Integer> notAsked = new LinkedHashMap<>();
        int checked = 0;
        for (VaultPass pass : passes) {
            changes.putAll(pass.changes());
            failures.putAll(pass.failures());
            if (pass.notAsked() > 0) {
                notAsked.put(pass.vault(), pass.notAsked());
            }
            checked += pass.checked();
        }
        apply(rt, changes);
        if (!failures.isEmpty() || !notAsked.isEmpty()) {
            String error = rt.explainer().refreshFailures(failures, notAsked, started);
            RefreshFailedException failure = new RefreshFailedException(error,
                    failures.isEmpty() ? null : failures.values().iterator().next());
            failures.values().stream().skip(1).forEach(failure::addSuppressed);
            recordFailure(error);
            throw failure;
        }
        recordSuccess();
        return new Outcome(checked, changes.keySet().stream().map(SecretReference::name).sorted().toList());
    }

    /** What one vault's part of a refresh found. */
    private record VaultPass(URI vault, Map<SecretReference, SecretVersions> changes,
            Map<SecretReference, RuntimeException> failures, int notAsked, int checked) {
    }

    /**
     * One vault's secrets, one after the other. A secret the vault refuses fails alone; a vault that cannot be reached
     * (connection, token, 5xx until the deadline) is not asked about its other secrets this time.
     */
    private VaultPass refreshVault(KeyVaultRuntime rt, List<SecretReference> references, Instant deadline) {
        Map<SecretReference, SecretVersions> changes = new LinkedHashMap<>();
        Map<SecretReference, RuntimeException> failures = new LinkedHashMap<>();
        int notAsked = 0;
        int checked = 0;
        boolean reachable = true;
        for (SecretReference reference : references) {
            if (!reachable || !Instant.now().isBefore(deadline)) {
                notAsked++;
                continue;
            }
            checked++;
            try {
                refresh(rt, reference, Optional.empty(), deadline).ifPresent(versions -> changes.put(reference, versions));
            } catch (RuntimeException e) {
                failures.put(reference, e);
                reachable = FailureExplainer.aboutOneSecret(e);
            }
        }
        return new VaultPass(references.get(0).vault(), changes, failures, notAsked, checked);
    }

    /**
     * What one refresh did.
     *
     * @param checked the unpinned secrets whose versions were listed
     * @param changed the names of the secrets whose held versions changed (names only, never values)
     */
    public record Outcome(int checked, List<String> changed) {
    }

    public Optional<Instant> lastSuccess() {
        return Optional.ofNullable(lastSuccess);
    }

    public int failureStreak() {
        return failureStreak;
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    long succeeded() {
        return succeeded.sum();
    }

    long failed() {
        return failed.sum();
    }

    long changed() {
        return changed.sum();
    }

    /**
     * One deadline, {@code fugue.keyvault.boot-timeout} from now, for all the calls of a refresh (or of loading a
     * history): each call getting its own would let a slow vault hold a refresh, or the startup, for that long per
     * secret and per version.
     */
    private static Instant deadline(KeyVaultRuntime rt) {
        return Instant.now().plus(rt.config().bootTimeout());
    }

    /** What is left until the deadline; nothing left makes the next wait time out at once. */
    private static Duration left(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** @return the versions to hold now, when they differ from the held ones */
    private Optional<SecretVersions> refresh(KeyVaultRuntime rt, SecretReference reference,
            Optional<List<VersionSelection.Listed>> listed, Instant deadline) {
        SecretVersions current = rt.cache().versions(reference).orElse(null);
        List<VersionSelection.Listed> listing = listed
                .orElseGet(() -> rt.fetcher().listVersions(reference).block(left(deadline)));
        if (listing == null) {
            listing = List.of();
        }
        TieBreaks.Decision tie = tieBreaks.decide(reference, listing,
                () -> rt.fetcher().fetch(reference).block(left(deadline)));
        if (tie.listingStale()) {
            // The listing's order must not decide: boot's listing is made again now; a listing of this refresh just
            // missed a new version, which the next refresh will see, so nothing changes meanwhile.
            return listed.isPresent() ? refresh(rt, reference, Optional.empty(), deadline) : Optional.empty();
        }
        CachedSecret latest = tie.fetched().orElse(null);
        List<String> keep = VersionSelection.select(listing, Optional.ofNullable(historyWindows.get(reference)),
                Instant.now(), tie.newest());
        if (keep.isEmpty()) {
            throw new NoEnabledVersionException();
        }
        if (current != null && current.versionIds().equals(keep)) {
            return Optional.empty();
        }
        List<CachedSecret> versions = new ArrayList<>();
        for (String version : keep) {
            CachedSecret held = current == null ? null : current.versions().stream()
                    .filter(v -> v.version().equals(version)).findFirst().orElse(null);
            if (held == null && latest != null && latest.version().equals(version)) {
                held = latest;
            }
            versions.add(held != null ? held : rt.fetcher().fetchVersion(reference, version)
                    .block(left(deadline)));
        }
        return Optional.of(new SecretVersions(versions));
    }

    /** Swaps every changed secret at once, then tells the listeners. */
    private void apply(KeyVaultRuntime rt, Map<SecretReference, SecretVersions> changes) {
        if (changes.isEmpty()) {
            return;
        }
        rt.cache().putAll(changes);
        changes.forEach((reference, versions) -> {
            changed.increment();
            LOG.infof("Secret %s now holds version(s) %s", reference, versions.versionIds());
        });
        changes.keySet().forEach(reference -> listeners.forEach(listener -> {
            try {
                listener.accept(reference);
            } catch (RuntimeException e) {
                // The new versions are held; one failing user of them must not keep the others from hearing of it.
                LOG.errorf("A user of secret %s failed to take its new version(s) (%s); the others were told",
                        reference, e.getClass().getName());
            }
        }));
    }

    private void recordSuccess() {
        succeeded.increment();
        lastSuccess = Instant.now();
        if (failureStreak > 0) {
            LOG.infof("Key Vault refresh recovered after %d failed attempt(s)", failureStreak);
        }
        failureStreak = 0;
        lastError = null;
    }

    /** An Error the scheduled future would swallow: without this, health said fresh while nothing refreshed. */
    private synchronized void recordUnexpected(Error e) {
        LOG.errorf("Key Vault refresh stopped by %s; retrying with backoff", e.getClass().getName());
        recordFailure("the refresh stopped with " + e.getClass().getName());
    }

    private void recordFailure(String error) {
        failed.increment();
        failureStreak++;
        lastError = error;
        if (failureStreak == 1) {
            LOG.warnf("Key Vault refresh failed (%s); serving the cached secrets resolved at %s and retrying "
                    + "with backoff", lastError, lastSuccess);
        } else {
            LOG.debugf("Key Vault refresh failed again (%d in a row): %s", failureStreak, lastError);
        }
    }
}
