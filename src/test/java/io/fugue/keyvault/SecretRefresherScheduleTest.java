package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** When the scheduled refresh comes next. */
class SecretRefresherScheduleTest {

    private static final Duration INTERVAL = Duration.ofMinutes(10);

    @Test
    void aRefreshThatChangedNothingWaitsTheInterval() {
        assertEquals(INTERVAL, SecretRefresher.nextDelay(INTERVAL, false));
    }

    /**
     * The second half of a two-command rotation (db-username, then db-password) is picked up seconds after the first,
     * not an interval later: until then new connections would offer a pair that does not log in.
     */
    @Test
    void aRefreshThatChangedSomethingIsFollowedUpSoon() {
        assertEquals(Duration.ofSeconds(15), SecretRefresher.nextDelay(INTERVAL, true));
    }

    @Test
    void aShortIntervalIsNeverLengthened() {
        assertEquals(Duration.ofSeconds(5), SecretRefresher.nextDelay(Duration.ofSeconds(5), true));
    }
}
