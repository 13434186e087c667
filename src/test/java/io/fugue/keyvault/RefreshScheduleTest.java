package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** When the scheduled refreshes run. The refresh itself is a stand-in here: only the timing is under test. */
class RefreshScheduleTest {

    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @Test
    void aRefreshThatChangedNothingWaitsTheInterval() {
        assertEquals(INTERVAL, RefreshSchedule.nextDelay(INTERVAL, RefreshSchedule.FOLLOW_UP, false));
    }

    @Test
    void aRefreshThatChangedSomethingIsFollowedUpSoon() {
        assertEquals(Duration.ofSeconds(15), RefreshSchedule.nextDelay(INTERVAL, RefreshSchedule.FOLLOW_UP, true));
    }

    @Test
    void aShortIntervalIsNeverLengthened() {
        assertEquals(Duration.ofSeconds(5),
                RefreshSchedule.nextDelay(Duration.ofSeconds(5), RefreshSchedule.FOLLOW_UP, true));
    }

    /**
     * The second half of a two-command rotation (db-username, then db-password) is picked up a follow-up after the
     * first, not an interval later: until then new connections would offer a pair that does not log in.
     */
    @Test
    void theScheduleFollowsAChangeUpAndThenWaitsTheInterval() throws InterruptedException {
        List<Long> runs = new CopyOnWriteArrayList<>();
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofHours(1), Duration.ofMillis(200), () -> {
            runs.add(System.nanoTime());
            return runs.size() == 1; // the first refresh changed something
        }, () -> 0, error -> { });
        try {
            schedule.start(Duration.ZERO);
            awaitRuns(runs, 2);
            long followUpMillis = TimeUnit.NANOSECONDS.toMillis(runs.get(1) - runs.get(0));
            assertTrue(followUpMillis >= 150 && followUpMillis < 5_000, followUpMillis + " ms");
            Thread.sleep(1_000);
            assertEquals(2, runs.size(), "after a refresh that changed nothing, the next is an hour away");
        } finally {
            schedule.stop();
        }
    }

    @Test
    void failuresBackOffFromTwoSecondsDoublingUpToTheInterval() {
        assertEquals(Duration.ofSeconds(2), RefreshSchedule.backoff(1, INTERVAL, 0));
        assertEquals(Duration.ofSeconds(4), RefreshSchedule.backoff(2, INTERVAL, 0));
        assertEquals(Duration.ofSeconds(256), RefreshSchedule.backoff(8, INTERVAL, 0));
        assertEquals(Duration.ofSeconds(512), RefreshSchedule.backoff(9, INTERVAL, 0));
        assertEquals(INTERVAL, RefreshSchedule.backoff(10, INTERVAL, 0), "never longer than the interval");
        assertEquals(INTERVAL, RefreshSchedule.backoff(1_000, INTERVAL, 0));
        assertEquals(Duration.ofMillis(1_601), RefreshSchedule.backoff(1, INTERVAL, 0.999_999_9), "a fifth less at most");
        assertEquals(Duration.ofMillis(1_800), RefreshSchedule.backoff(1, INTERVAL, 0.5));
    }

    /** A failed refresh is tried again after the backoff, not an interval later: an outage ends within seconds. */
    @Test
    void aFailedRefreshIsRetriedAfterTheBackoff() throws InterruptedException {
        List<Long> runs = new CopyOnWriteArrayList<>();
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofHours(1), RefreshSchedule.FOLLOW_UP, () -> {
            runs.add(System.nanoTime());
            if (runs.size() == 1) {
                throw new IllegalStateException("the vault did not answer");
            }
            return false;
        }, () -> 1, error -> { });
        try {
            schedule.start(Duration.ZERO);
            awaitRuns(runs, 2);
            long retryMillis = TimeUnit.NANOSECONDS.toMillis(runs.get(1) - runs.get(0));
            assertTrue(retryMillis >= 1_500 && retryMillis < 8_000, retryMillis + " ms");
        } finally {
            schedule.stop();
        }
    }

    /** An Error is reported (the scheduled future would swallow it) and the schedule goes on after the backoff. */
    @Test
    void anErrorIsReportedAndTheScheduleGoesOn() throws InterruptedException {
        List<Long> runs = new CopyOnWriteArrayList<>();
        AtomicInteger reported = new AtomicInteger();
        RefreshSchedule schedule = new RefreshSchedule(Duration.ofMillis(300), Duration.ofMillis(300), () -> {
            runs.add(System.nanoTime());
            if (runs.size() == 1) {
                throw new AssertionError("a bug");
            }
            return false;
        }, () -> 1, error -> reported.incrementAndGet());
        try {
            schedule.start(Duration.ZERO);
            awaitRuns(runs, 2);
            assertEquals(1, reported.get());
        } finally {
            schedule.stop();
        }
    }

    private static void awaitRuns(List<Long> runs, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (runs.size() < count) {
            assertTrue(System.nanoTime() < deadline, "only " + runs.size() + " run(s)");
            Thread.sleep(10);
        }
    }
}
