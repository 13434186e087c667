package io.fugue.ratelimit;

/** An attempt over a login or registration limit; answered with 429 and {@code Retry-After}. */
public class TooManyAttemptsException extends RuntimeException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(long retryAfterSeconds) {
        super("Too many attempts", null, false, false);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the next attempt can be allowed, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
