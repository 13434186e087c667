-- Sessions revoked by logout (fugue.session.revocation.enabled), kept until their token would expire anyway.
CREATE TABLE revoked_sessions (
    session_id uuid                        PRIMARY KEY,
    expires_at timestamp(6) with time zone NOT NULL
);
-- Serves the purge of expired rows.
CREATE INDEX revoked_sessions_expires_idx ON revoked_sessions (expires_at);
