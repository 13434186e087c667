package io.fugue.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

class AttemptBucketsTest {

    @Test
    void allowsTheAttemptsThenTellsHowLongToWait() {
        AttemptBuckets buckets = new AttemptBuckets(3, Duration.ofMinutes(15), 100);
        for (int i = 0; i < 3; i++) {
            assertTrue(buckets.take("ada").isEmpty());
        }

        OptionalLong wait = buckets.take("ada");

        assertTrue(wait.isPresent());
        // Greedy refill: one attempt back every window / attempts = 5 minutes.
        assertTrue(wait.getAsLong() > Duration.ofMinutes(4).toNanos() && wait.getAsLong() <= Duration.ofMinutes(5).toNanos(),
                () -> "wait " + wait);
        assertTrue(buckets.take("grace").isEmpty(), "keys are independent");
    }

    @Test
    void anAttemptGivenBackCanBeTakenAgainButNeverBeyondTheCapacity() {
        AttemptBuckets buckets = new AttemptBuckets(2, Duration.ofMinutes(15), 100);
        buckets.giveBack("ada");
        buckets.giveBack("ada");
        assertTrue(buckets.take("ada").isEmpty());
        assertTrue(buckets.take("ada").isEmpty());
        assertFalse(buckets.take("ada").isEmpty());

        buckets.giveBack("ada");

        assertTrue(buckets.take("ada").isEmpty());
        assertFalse(buckets.take("ada").isEmpty());
    }

    @Test
    void theWaitIsToldWithoutTakingAnAttemptOrTrackingANewKey() {
        AttemptBuckets buckets = new AttemptBuckets(1, Duration.ofMinutes(15), 100);
        assertTrue(buckets.wait("ada").isEmpty());
        assertEquals(0, buckets.size());

        buckets.take("ada");

        assertTrue(buckets.wait("ada").getAsLong() > Duration.ofMinutes(14).toNanos());
        assertTrue(buckets.wait("ada").getAsLong() <= Duration.ofMinutes(15).toNanos(), "asking took nothing");
    }

    @Test
    void memoryIsBoundedAgainstSpraying() {
        AttemptBuckets buckets = new AttemptBuckets(5, Duration.ofMinutes(15), 1000);
        for (int i = 0; i < 20_000; i++) {
            buckets.take("user" + i);
        }
        assertTrue(buckets.size() <= 1000, () -> "tracked " + buckets.size());
    }

    @Test
    void aLimitNeedsAttemptsAndAWindow() {
        assertThrows(IllegalArgumentException.class, () -> new AttemptBuckets(0, Duration.ofMinutes(1), 10));
        assertThrows(IllegalArgumentException.class, () -> new AttemptBuckets(1, Duration.ZERO, 10));
    }
}
