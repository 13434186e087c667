package io.fugue.session;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Issues and checks session tokens with the keys in force, counting every verification by result and reason. */
@ApplicationScoped
public class SessionService {

    static final String VERIFICATIONS_METRIC = "fugue.session.verifications";

    private final SessionKeySource keySource;
    private final SessionConfig config;
    private final SessionTokenCodec codec;
    private final MeterRegistry registry;
    private final SessionRevocations revocations;

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
        SessionKeyRing ring = keySource.current();
        SessionVerification result = revocationChecked(codec.verify(token, ring, Instant.now()));
        if (result instanceof SessionVerification.Rejected rejected) {
            count("rejected", rejected.reason().tag());
            throw new UnauthenticatedException(rejected.reason());
        }
        SessionVerification.Accepted accepted = (SessionVerification.Accepted) result;
        if (accepted.signedByNewestKey()) {
            count("ok", "none");
            return new VerifiedSession(accepted.claims(), Optional.empty());
        }
        count("reissued", "none");
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
        if (revocationChecked(codec.verify(token, keySource.current(), Instant.now()))
                instanceof SessionVerification.Accepted accepted) {
            revocations.revoke(accepted.claims().sessionId(), accepted.claims().expiresAt());
        }
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

    private void count(String result, String reason) {
        Counter.builder(VERIFICATIONS_METRIC)
                .description("Session cookie verifications by result and rejection reason")
                .tag("result", result)
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /** A new token and what it says. */
    public record IssuedSession(String token, SessionClaims claims) {
    }
}
