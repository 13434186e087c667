package io.fugue.session;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.vertx.core.Context;

/**
 * Learns a session key version this replica does not hold yet when a cookie names it. With several replicas, the
 * first to refresh signs with a new version while the others would refuse its cookies (401 {@code unknown_key})
 * until their own refresh, up to {@code fugue.keyvault.refresh-interval} later. An unknown {@code kid} makes this
 * replica ask the vault for that version and, if it exists, refresh the key's secret at once: at most once per
 * {@link #INTERVAL}, so a forged {@code kid} costs the vault one GET per interval, not one per request; and a few
 * requests (never an event loop) wait briefly for it, the rest are answered as before and find the new key on their
 * next request.
 */
final class SessionKeyCatchUp {

    /**
     * A vault allows thousands of reads per 10 s; one GET per second per replica (and a listing when the version
     * exists) is far below.
     */
    static final Duration INTERVAL = Duration.ofSeconds(1);
    /** A listing and a GET; far longer means a slow vault, and the request is better refused than held. */
    static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration GIVE_UP = Duration.ofMinutes(1);
    private static final int MAX_WAITERS = 8;
    private static final Logger LOG = Logger.getLogger(SessionKeyCatchUp.class);

    private record Attempt(CompletableFuture<Void> done, long startedNanos) {
    }

    private final Function<String, CompletableFuture<Void>> refresh;
    private final long intervalNanos;
    private final Duration wait;
    private final Semaphore waiters = new Semaphore(MAX_WAITERS);
    private final AtomicReference<Attempt> last;

    /**
     * @param refresh refreshes the signing key's secret if the vault has the version named (the ring is rebuilt by
     *        the refresher's listener)
     */
    SessionKeyCatchUp(Function<String, CompletableFuture<Void>> refresh) {
        this(refresh, INTERVAL, WAIT);
    }

    SessionKeyCatchUp(Function<String, CompletableFuture<Void>> refresh, Duration interval, Duration wait) {
        this.refresh = refresh;
        this.intervalNanos = interval.toNanos();
        this.wait = wait;
        this.last = new AtomicReference<>(new Attempt(CompletableFuture.completedFuture(null),
                System.nanoTime() - intervalNanos));
    }

    /** Asks about {@code kid} now unless an attempt started within the interval, and waits for it when it may. */
    void catchUp(String kid) {
        Attempt attempt = last.get();
        long now = System.nanoTime();
        // An attempt never answered (its task dropped as the application stops) must not block every later one.
        if (attempt.done().isDone() || now - attempt.startedNanos() > GIVE_UP.toNanos()) {
            if (now - attempt.startedNanos() < intervalNanos) {
                return;
            }
            Attempt next = new Attempt(new CompletableFuture<>(), now);
            if (last.compareAndSet(attempt, next)) {
                LOG.debug("A session cookie names a key version this replica does not hold: refreshing the key now");
                start(next, kid);
            }
            attempt = last.get();
        }
        if (Context.isOnEventLoopThread() || !waiters.tryAcquire()) {
            return;
        }
        try {
            attempt.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The ring stays as it is; the cookie is refused as it would have been.
        } finally {
            waiters.release();
        }
    }

    private void start(Attempt attempt, String kid) {
        CompletableFuture<Void> refreshing;
        try {
            refreshing = refresh.apply(kid);
        } catch (RuntimeException e) {
            refreshing = CompletableFuture.failedFuture(e);
        }
        refreshing.whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.debugf("Refreshing the session key for an unknown version failed: %s", failure.getClass().getName());
            }
            attempt.done().complete(null);
        });
    }
}
