package io.fugue.session;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A logged-out session, kept until its token would have expired anyway. */
@Entity
@Table(name = "revoked_sessions")
public class RevokedSession extends PanacheEntityBase {

    /** The token's {@code jti}. */
    @Id
    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "expires_at", nullable = false)
    public Instant expiresAt;
}
