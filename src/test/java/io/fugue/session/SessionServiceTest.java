package io.fugue.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.fugue.support.DefaultSessionConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The verification counter, without Quarkus: the counters the service keeps must be the registry's. */
class SessionServiceTest {

    private static final String NEW_KEY = "the-newest-session-key-0123456789abcdef";
    private static final String OLD_KEY = "an-older-session-key-0123456789abcdefgh";
    private static final SessionKeyRing RING = SessionKeys.ring(NEW_KEY, List.of(OLD_KEY));

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SessionService sessions = new SessionService(() -> RING, new DefaultSessionConfig(), registry,
            new SessionRevocations());

    @Test
    void everyVerificationIsCountedByResultAndReason() {
        String token = sessions.issue(UUID.randomUUID()).token();
        String subject = UUID.randomUUID().toString();

        // Interleaved, so that each kept counter is used again after others were registered.
        sessions.verify(token);
        assertTrue(sessions.verify(TestTokens.hs256(OLD_KEY, subject)).reissuedToken().isPresent());
        assertThrows(UnauthenticatedException.class, () -> sessions.verify(null));
        assertThrows(UnauthenticatedException.class, () -> sessions.verify(TestTokens.flip(token, 2)));
        sessions.verify(token);
        assertThrows(UnauthenticatedException.class, () -> sessions.verify(TestTokens.flip(token, 2)));
        assertTrue(sessions.verify(TestTokens.hs256(OLD_KEY, subject)).reissuedToken().isPresent());
        assertThrows(UnauthenticatedException.class, () -> sessions.verify(null));

        assertEquals(2, count("ok", "none"));
        assertEquals(2, count("reissued", "none"));
        assertEquals(2, count("rejected", "missing"));
        assertEquals(2, count("rejected", "bad_signature"));
        assertEquals(4, registry.find(SessionService.VERIFICATIONS_METRIC).counters().size());
    }

    @Test
    void aCounterAppearsWithItsFirstVerification() {
        assertNull(registry.find(SessionService.VERIFICATIONS_METRIC).counter());

        assertThrows(UnauthenticatedException.class, () -> sessions.verify("garbage"));

        assertEquals(1, count("rejected", "malformed"));
        assertFalse(registry.find(SessionService.VERIFICATIONS_METRIC).tag("result", "ok").counters().iterator()
                .hasNext());
    }

    private double count(String result, String reason) {
        return registry.get(SessionService.VERIFICATIONS_METRIC).tag("result", result).tag("reason", reason).counter()
                .count();
    }
}
