package io.fugue.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The order of the two limits, which the HTTP tests cannot see: what a refused attempt leaves behind. */
class LoginGuardTest {

    private static final int CLIENT_FAILURES = 3;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LoginGuard guard = new LoginGuard(limits(Duration.ofMinutes(15), Duration.ofMinutes(1)), registry);

    @Test
    void aClientOverItsLimitLeavesNoUsernameBehind() {
        for (int i = 0; i < CLIENT_FAILURES; i++) {
            guard.login("victim-" + i, "198.51.100.7", Optional::empty);
        }

        // Each sprayed name is refused before it is tracked, so a victim's failures cannot be pushed out of memory.
        for (int i = 0; i < 1_000; i++) {
            String sprayed = "spray-" + i;
            assertThrows(TooManyAttemptsException.class,
                    () -> guard.login(sprayed, "198.51.100.7", () -> Optional.of("never checked")));
        }

        assertEquals(CLIENT_FAILURES, guard.trackedUsernames());
        assertEquals(1_000, registry.counter(LoginGuard.REJECTIONS_METRIC, "limit", "client").count());
    }

    @Test
    void aRefusedClientIsToldToWaitForTheUsernameTooWhenThatIsLonger() {
        // The username's window (15 min for 5) is longer than the client's (1 min for 3).
        for (int i = 0; i < CLIENT_FAILURES; i++) {
            guard.login("ada", "198.51.100.7", Optional::empty);
        }
        for (int i = CLIENT_FAILURES; i < 5; i++) {
            guard.login("ada", "203.0.113.9", Optional::empty);
        }

        TooManyAttemptsException refused = assertThrows(TooManyAttemptsException.class,
                () -> guard.login("ada", "198.51.100.7", () -> Optional.of("never checked")));

        assertTrue(refused.retryAfterSeconds() > 60, () -> "Retry-After " + refused.retryAfterSeconds());
    }

    private static LoginLimitConfig limits(Duration usernameWindow, Duration clientWindow) {
        return new LoginLimitConfig() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public int usernameFailures() {
                return 5;
            }

            @Override
            public Duration usernameWindow() {
                return usernameWindow;
            }

            @Override
            public int clientFailures() {
                return CLIENT_FAILURES;
            }

            @Override
            public Duration clientWindow() {
                return clientWindow;
            }

            @Override
            public Optional<Integer> clientRegistrations() {
                return Optional.empty();
            }

            @Override
            public Duration registrationWindow() {
                return Duration.ofHours(1);
            }

            @Override
            public int trackedKeys() {
                return 50_000;
            }

            @Override
            public Optional<List<String>> trustedProxies() {
                return Optional.empty();
            }
        };
    }
}
