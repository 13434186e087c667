package io.fugue.session;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.Panache;

/**
 * The revocation list behind {@code fugue.session.revocation.enabled}, in PostgreSQL so that every replica sees a
 * logout at once. Rows are only added by logouts, so purging expired rows on the same path, at most once per
 * {@link #PURGE_EVERY} on each replica, keeps the table to the sessions logged out within {@code max-age} without
 * a scheduler.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.REQUIRED)
public class SessionRevocations {

    static final Duration PURGE_EVERY = Duration.ofMinutes(10);

    private final AtomicLong nextPurge = new AtomicLong(System.nanoTime());

    /** Whether the session was logged out; a primary-key read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isRevoked(UUID sessionId) {
        return RevokedSession.count("sessionId", sessionId) > 0;
    }

    /** Refuses the session from now on, until {@code expiresAt}; revoking it twice is harmless. */
    public void revoke(UUID sessionId, Instant expiresAt) {
        Panache.getEntityManager()
                .createNativeQuery("INSERT INTO revoked_sessions (session_id, expires_at) VALUES (?1, ?2) "
                        + "ON CONFLICT (session_id) DO NOTHING")
                .setParameter(1, sessionId)
                .setParameter(2, expiresAt)
                .executeUpdate();
        long now = System.nanoTime();
        long due = nextPurge.get();
        if (now - due >= 0 && nextPurge.compareAndSet(due, now + PURGE_EVERY.toNanos())) {
            // Past the clock skew a verifier tolerates, so no row goes while its token could still be accepted.
            purgeExpired(Instant.now().minusSeconds(2L * SessionTokenCodec.CLOCK_SKEW_SECONDS));
        }
    }

    /** Drops rows whose token expired before {@code cutoff}: the expiry check refuses those tokens on its own. */
    long purgeExpired(Instant cutoff) {
        return RevokedSession.delete("expiresAt < ?1", cutoff);
    }
}
