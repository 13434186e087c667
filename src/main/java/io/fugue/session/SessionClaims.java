package io.fugue.session;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What a session token says: whose session it is and its absolute lifetime (whole seconds, as JWT NumericDates are).
 *
 * @param accountId the {@code sub} claim
 * @param issuedAt  the {@code iat} claim: the login time, kept when the session is re-issued
 * @param expiresAt the {@code exp} claim: {@code iat + fugue.session.max-age}
 * @param sessionId the {@code jti} claim: names this login so that logout can revoke it, kept when re-issued;
 *                  {@code null} only in a token made before fugue added it
 */
public record SessionClaims(UUID accountId, Instant issuedAt, Instant expiresAt, UUID sessionId) {

    public SessionClaims {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** A new session: a fresh random {@code sessionId}. */
    public SessionClaims(UUID accountId, Instant issuedAt, Instant expiresAt) {
        this(accountId, issuedAt, expiresAt, UUID.randomUUID());
    }
}
