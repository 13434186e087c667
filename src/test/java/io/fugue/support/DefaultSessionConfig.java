package io.fugue.support;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.fugue.session.SessionConfig;

/**
 * The production defaults of {@link SessionConfig}, for code that builds a {@code SessionService} outside Quarkus
 * and gives it the key ring directly (unit tests, the verification benchmark).
 */
public final class DefaultSessionConfig implements SessionConfig {

    @Override
    public String signingKey() {
        throw new UnsupportedOperationException("the ring is given directly");
    }

    @Override
    public Optional<List<String>> fallbackKeys() {
        return Optional.empty();
    }

    @Override
    public String cookieName() {
        return "fugue_session";
    }

    @Override
    public Duration maxAge() {
        return Duration.ofHours(12);
    }

    @Override
    public boolean secureCookie() {
        return true;
    }

    @Override
    public Revocation revocation() {
        return () -> false;
    }
}
