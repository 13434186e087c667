package io.fugue.testing.keyvault;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Faults queued for the next requests, in the order the test asked for them, plus a standing latency.
 * Thread-safe by synchronising on the instance.
 */
final class FaultInjector {

    /** What to do to one request instead of answering it normally. */
    record Fault(Kind kind, int status, int retryAfterSeconds) {

        enum Kind {
            THROTTLE, FAIL, DROP
        }
    }

    private final Deque<Fault> pending = new ArrayDeque<>();
    private final Set<String> failingVaults = new HashSet<>();
    private Duration latency = Duration.ZERO;

    /** Every request to this vault fails with 503 until {@link #reset()}: an outage of one vault, not of all. */
    synchronized void failVault(String vault) {
        failingVaults.add(vault);
    }

    synchronized boolean isFailing(String vault) {
        return failingVaults.contains(vault);
    }

    synchronized void latency(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        latency = value;
    }

    synchronized Duration latency() {
        return latency;
    }

    synchronized void add(int count, Fault fault) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        for (int i = 0; i < count; i++) {
            pending.addLast(fault);
        }
    }

    synchronized Optional<Fault> next() {
        return Optional.ofNullable(pending.pollFirst());
    }

    synchronized void reset() {
        pending.clear();
        failingVaults.clear();
        latency = Duration.ZERO;
    }
}
