package io.fugue.session;

import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

/** The verified session of the current request, set by {@link SessionFilters} on {@link RequiresSession} endpoints. */
@RequestScoped
public class CurrentSession {

    private VerifiedSession session;

    void set(VerifiedSession session) {
        this.session = session;
    }

    /** The caller's account; only valid on endpoints annotated {@link RequiresSession}. */
    public UUID accountId() {
        return verified().claims().accountId();
    }

    /** The verified session; only valid on endpoints annotated {@link RequiresSession}. */
    public VerifiedSession verified() {
        if (session == null) {
            throw new IllegalStateException("No session on this request: is the endpoint annotated @RequiresSession?");
        }
        return session;
    }

    Optional<VerifiedSession> maybe() {
        return Optional.ofNullable(session);
    }
}
