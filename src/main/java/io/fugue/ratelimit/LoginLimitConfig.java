package io.fugue.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Brute-force protection of {@code POST /api/session} (and, when configured, {@code POST /api/accounts}). Each limit is
 * a token bucket: {@code N} attempts at once, refilled at {@code N} per window, so after a lockout one more attempt is
 * allowed every {@code window / N}. Limits are kept in memory, per replica.
 */
@ConfigMapping(prefix = "fugue.login-limit")
public interface LoginLimitConfig {

    /** Whether login and registration attempts are limited at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Failed logins allowed per username (compared case-insensitively, whether or not the account exists) before
     * further attempts for it are answered 429, the correct password included. A successful login costs nothing.
     */
    @WithDefault("5")
    int usernameFailures();

    /** Time in which {@code username-failures} failed logins are given back. */
    @WithDefault("PT15M")
    Duration usernameWindow();

    /** Failed logins allowed per client address (an IPv6 client counts by its /64), across every username. */
    @WithDefault("20")
    int clientFailures();

    /** Time in which {@code client-failures} failed logins are given back. */
    @WithDefault("PT15M")
    Duration clientWindow();

    /**
     * Account creations allowed per client address, successful or not. Unset: registration is not limited (each
     * one costs a bcrypt hash and a row, so set it where sign-up is public; the prod profile sets {@code 20}).
     */
    Optional<Integer> clientRegistrations();

    /** Time in which {@code client-registrations} registrations are given back. */
    @WithDefault("PT1H")
    Duration registrationWindow();

    /**
     * Most usernames, and most client addresses, tracked at once per limit; the least recently used is forgotten
     * first. Bounds memory against spraying: about 400 bytes of heap per entry (docs/reliability.md), so 20 MB per
     * limit at the default.
     */
    @WithDefault("50000")
    int trackedKeys();

    /**
     * Addresses or CIDR ranges of reverse proxies whose {@code X-Forwarded-For} is believed. For a connection from one
     * of them the client is the right-most entry of that header (the one the proxy appended itself; entries to its
     * left are whatever the client sent). Any other connection is limited by its own address, and so is every
     * connection when this is unset.
     */
    Optional<List<String>> trustedProxies();
}
