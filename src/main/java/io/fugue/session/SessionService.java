package io.fugue.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Issues and checks session tokens with the keys in force, counting every verification by result and reason. */
@ApplicationScoped
public class SessionService {

    static final String VERIFICATIONS_METRIC = "fugue.session.verifications";
    /** Counter slots: one per rejection reason, then these two. */
    private static final int OK = RejectionReason.values().length;
    private static final int REISSUED = OK + 1;

    private final SessionKeySource keySource;
    private final SessionConfig config;
    private final SessionTokenCodec codec;
    private final MeterRegistry registry;
    private final SessionRevocations revocations;
    /**
     * Each counter is registered on first use, as before (a series appears with its first event), then kept: the
     * registry lookup cost about 0.1 µs per verification. Two threads racing register the same meter, and Micrometer
     * hands both the one counter.
     */
    private final AtomicReferenceArray<Counter> counters = new AtomicReferenceArray<>(REISSUED + 1);

    public SessionService(SessionKeySource keySource, SessionConfig config, MeterRegistry registry,
            SessionRevocations revocations) {
        this.keySource = keySource;
        this.config = config;
        this.registry = registry;
        this.revocations = revocations;
        this.codec = new SessionTokenCodec(config.maxAge());
    }

    /** Starts a session for the account: absolute lifetime {@code fugue.session.max-age} from now. */
    public IssuedSession issue(UUID accountId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SessionClaims claims = new SessionClaims(accountId, now, now.plus(config.maxAge()));
        return new IssuedSession(codec.sign(claims, keySource.current().signingKey()), claims);
    }

    /**
     * Checks a token; one signed by an older key is re-signed with the newest, keeping its subject and lifetime.
     *
     * @param token the cookie value, or {@code null} when there is none
     * @throws UnauthenticatedException when the token is refused
     */
    public VerifiedSession verify(String token) {
        Checked checked = check(token);
        SessionKeyRing ring = checked.ring();
        SessionVerification result = checked.result();
        if (result instanceof SessionVerification.Rejected rejected) {
            count(rejected.reason().ordinal(), "rejected", rejected.reason().tag());
            throw new UnauthenticatedException(rejected.reason());
        }
        SessionVerification.Accepted accepted = (SessionVerification.Accepted) result;
        if (accepted.signedByNewestKey()) {
            count(OK, "ok", "none");
            return new VerifiedSession(accepted.claims(), Optional.empty());
        }
        count(REISSUED, "reissued", "none");
        return new VerifiedSession(accepted.claims(), Optional.of(codec.sign(accepted.claims(), ring.signingKey())));
    }

    /**
     * Logout: with {@code fugue.session.revocation.enabled}, a valid token's session is revoked everywhere; otherwise
     * nothing happens server-side (the caller clears the cookie).
     *
     * @param token the cookie value, or {@code null}
     */
    public void end(String token) {
        if (!config.revocation().enabled()) {
            return;
        }
        if (check(token).result() instanceof SessionVerification.Accepted accepted) {
            revocations.revoke(accepted.claims().sessionId(), accepted.claims().expiresAt());
        }
    }

    private record Checked(SessionKeyRing ring, SessionVerification result) {
    }

    /**
     * Verifies against the keys in force; a key not held yet (another replica may already sign with it) is asked of
     * the key source once, and the token verified again if that brought new keys.
     */
    private Checked check(String token) {
        SessionKeyRing ring = keySource.current();
        SessionVerification result = codec.verify(token, ring, Instant.now());
        if (result instanceof SessionVerification.Rejected rejected && rejected.unknownKid() != null) {
            keySource.catchUp(rejected.unknownKid());
            SessionKeyRing now = keySource.current();
            if (now != ring) {
                ring = now;
                result = codec.verify(token, ring, Instant.now());
            }
        }
        return new Checked(ring, revocationChecked(result));
    }

    /** With revocation on, a session without an id cannot be revoked, so it is refused like a revoked one. */
    private SessionVerification revocationChecked(SessionVerification result) {
        if (!config.revocation().enabled() || !(result instanceof SessionVerification.Accepted accepted)) {
            return result;
        }
        UUID sessionId = accepted.claims().sessionId();
        if (sessionId == null) {
            return new SessionVerification.Rejected(RejectionReason.INVALID_CLAIMS);
        }
        return revocations.isRevoked(sessionId) ? new SessionVerification.Rejected(RejectionReason.REVOKED) : result;
    }

    private void count(int slot, String result, String reason) {
        Counter counter = counters.get(slot);
        if (counter == null) {
            counter = Counter.builder(VERIFICATIONS_METRIC)
                    .description("Session cookie verifications by result and rejection reason")
                    .tag("result", result)
                    .tag("reason", reason)
                    .register(registry);
            counters.set(slot, counter);
        }
        counter.increment();
    }

    /** A new token and what it says. */
    public record IssuedSession(String token, SessionClaims claims) {
    }
}
