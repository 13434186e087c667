package io.fugue.keyvault;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * When the scheduled refreshes run, on the one refresh thread: every interval; sooner after a refresh that changed
 * something ({@link #nextDelay}); with backoff after a failure. The thread also runs other refresh work in turn
 * ({@link #run}), so that no two refreshes ever overlap and no request thread waits for one.
 */
final class RefreshSchedule {

    private static final Duration FIRST_RETRY = Duration.ofSeconds(2);
    /**
     * A rotation of two secrets that must match (the database user, then its password) is two commands a few seconds
     * apart, and a refresh between them holds a pair that does not log in: the next refresh comes this soon after one
     * that changed something, not a whole interval later.
     */
    static final Duration FOLLOW_UP = Duration.ofSeconds(15);

    private final Duration interval;
    private final Duration followUp;
    private final BooleanSupplier refresh;
    private final IntSupplier failureStreak;
    private final Consumer<Error> onError;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "fugue-keyvault-refresh");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param refresh refreshes, and says whether anything changed; throws when the refresh failed
     * @param failureStreak failed refreshes in a row, for the backoff
     * @param onError told of an Error a refresh threw, which the scheduled future would otherwise swallow
     */
    RefreshSchedule(Duration interval, Duration followUp, BooleanSupplier refresh, IntSupplier failureStreak,
            Consumer<Error> onError) {
        this.interval = interval;
        this.followUp = followUp;
        this.refresh = refresh;
        this.failureStreak = failureStreak;
        this.onError = onError;
    }

    /** Schedules the first refresh {@code after} from now. */
    void start(Duration after) {
        schedule(after);
    }

    void stop() {
        thread.shutdownNow();
    }

    /** Runs {@code task} on the refresh thread, after whatever runs there now. */
    CompletableFuture<Void> run(Runnable task) {
        try {
            return CompletableFuture.runAsync(task, thread);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void scheduled() {
        Duration next = interval;
        try {
            next = nextDelay(interval, followUp, refresh.getAsBoolean());
        } catch (RuntimeException e) {
            next = backoff();
        } catch (Error e) {
            onError.accept(e);
            next = backoff();
            throw e;
        } finally {
            // Even after an Error: a schedule that ended would leave rotation off until a restart, silently.
            schedule(next);
        }
    }

    /** The delay to the next refresh after a successful one. */
    static Duration nextDelay(Duration interval, Duration followUp, boolean changed) {
        return changed && followUp.compareTo(interval) < 0 ? followUp : interval;
    }

    private void schedule(Duration delay) {
        if (!thread.isShutdown()) {
            try {
                thread.schedule(this::scheduled, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // Stopped meanwhile: nothing more to schedule.
            }
        }
    }

    private Duration backoff() {
        return backoff(failureStreak.getAsInt(), interval, ThreadLocalRandom.current().nextDouble());
    }

    /**
     * The delay after the {@code failures}-th failed refresh in a row: doubling from {@link #FIRST_RETRY}, never
     * past the interval, less up to a fifth ({@code random} in [0, 1)) so that replicas do not retry in step.
     */
    static Duration backoff(int failures, Duration interval, double random) {
        long exponential = FIRST_RETRY.toMillis() << Math.min(Math.max(failures, 1) - 1, 16);
        long capped = Math.min(exponential, interval.toMillis());
        long jitter = (long) (capped * 0.2 * random);
        return Duration.ofMillis(capped - jitter);
    }
}
