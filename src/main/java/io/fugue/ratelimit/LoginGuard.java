package io.fugue.ratelimit;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Applies {@link LoginLimitConfig}. An attempt is taken from the username's and the client's buckets before the
 * password is checked, so that parallel guesses cannot overrun the limit, and given back when the login succeeds
 * (or fails for a reason other than the credentials). Refusals are counted by limit, never with the username or address.
 */
@ApplicationScoped
public class LoginGuard {

    static final String REJECTIONS_METRIC = "fugue.login.limit.rejections";

    private final boolean enabled;
    private final AttemptBuckets usernames;
    private final AttemptBuckets clients;
    private final Optional<AttemptBuckets> registrations;
    private final Counter usernameRejections;
    private final Counter clientRejections;
    private final Counter registrationRejections;

    public LoginGuard(LoginLimitConfig config, MeterRegistry registry) {
        this.enabled = config.enabled();
        this.usernames = new AttemptBuckets(config.usernameFailures(), config.usernameWindow(), config.trackedKeys());
        this.clients = new AttemptBuckets(config.clientFailures(), config.clientWindow(), config.trackedKeys());
        this.registrations = config.clientRegistrations()
                .map(attempts -> new AttemptBuckets(attempts, config.registrationWindow(), config.trackedKeys()));
        this.usernameRejections = rejections(registry, "username");
        this.clientRejections = rejections(registry, "client");
        this.registrationRejections = rejections(registry, "registration");
    }

    /**
     * Runs {@code check} (the password check) unless the username or the client is over its limit.
     *
     * @return what the check returned; an empty result counts as a failed attempt
     * @throws TooManyAttemptsException without running the check, when a limit is reached
     */
    public <T> Optional<T> login(String username, String client, Supplier<Optional<T>> check) {
        if (!enabled) {
            return check.get();
        }
        // Usernames compare case-insensitively, like the accounts table's unique index.
        String user = username.toLowerCase(Locale.ROOT);
        // The client first: a client over its limit must not create username entries, or one address could spray
        // names (cheap 429s, no bcrypt) until a victim's username entry is evicted and its failures forgotten.
        OptionalLong clientWait = clients.take(client);
        if (clientWait.isPresent()) {
            clientRejections.increment();
            throw new TooManyAttemptsException(seconds(Math.max(clientWait.getAsLong(), usernames.wait(user).orElse(0))));
        }
        OptionalLong userWait = usernames.take(user);
        if (userWait.isPresent()) {
            usernameRejections.increment();
            clients.giveBack(client);
            throw new TooManyAttemptsException(seconds(userWait.getAsLong()));
        }
        boolean failed = false;
        try {
            Optional<T> result = check.get();
            failed = result.isEmpty();
            return result;
        } finally {
            if (!failed) {
                usernames.giveBack(user);
                clients.giveBack(client);
            }
        }
    }

    /** Usernames tracked now (for tests of the memory bound). */
    long trackedUsernames() {
        return usernames.size();
    }

    /**
     * Counts one account creation by {@code client}, when {@code client-registrations} is set.
     *
     * @throws TooManyAttemptsException when the client is over that limit
     */
    public void registration(String client) {
        if (!enabled || registrations.isEmpty()) {
            return;
        }
        OptionalLong wait = registrations.get().take(client);
        if (wait.isPresent()) {
            registrationRejections.increment();
            throw new TooManyAttemptsException(seconds(wait.getAsLong()));
        }
    }

    /** Retry-After is whole seconds: rounded up, so that a client that waits that long is let in. */
    private static long seconds(long nanos) {
        return Math.max(1, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }

    private static Counter rejections(MeterRegistry registry, String limit) {
        return Counter.builder(REJECTIONS_METRIC)
                .description("Login and registration attempts refused with 429, by the limit that refused them")
                .tag("limit", limit)
                .register(registry);
    }
}
