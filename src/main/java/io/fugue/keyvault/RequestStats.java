package io.fugue.keyvault;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Key Vault request counts and time by outcome. Requests start before Micrometer exists (while the configuration
 * is built), so they are counted here and published as meters once the application is up.
 */
public final class RequestStats {

    /** How a request to a vault ended. */
    public enum Outcome {
        SUCCESS, CLIENT_ERROR, THROTTLED, SERVER_ERROR, IO_ERROR;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Outcome, LongAdder> counts = new EnumMap<>(Outcome.class);
    private final Map<Outcome, LongAdder> nanos = new EnumMap<>(Outcome.class);
    /** By vault host: with several vaults, a deadline message names what its own vault answered. */
    private final Map<String, Failure> lastFailures = new ConcurrentHashMap<>();
    private volatile String lastTokenFailure;
    private volatile boolean challenged;

    public RequestStats() {
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new LongAdder());
            nanos.put(outcome, new LongAdder());
        }
    }

    void record(Outcome outcome, long elapsedNanos) {
        counts.get(outcome).increment();
        nanos.get(outcome).add(elapsedNanos);
    }

    /** What kind of trouble an attempt ran into, so that a deadline message can say what to check. */
    enum Cause {
        THROTTLED, VAULT_ERROR, DNS, REFUSED, OTHER
    }

    /**
     * @param what e.g. {@code HTTP 503 from fugue-kv.vault.azure.net}; never a value
     * @param at {@link System#nanoTime()} of the failure
     */
    record Failure(String what, Cause cause, long at) {
    }

    /** Remembers what went wrong last with a vault, so that a deadline message can say more than "no answer". */
    void failed(String host, String what, Cause cause) {
        lastFailures.put(host, new Failure(what, cause, System.nanoTime()));
    }

    /** The last failed attempt at this vault host, or {@code null}. */
    Failure lastFailure(String host) {
        return lastFailures.get(host);
    }

    /** The last failed attempt at this vault host if it came after {@code since} ({@link System#nanoTime()}). */
    Failure lastFailureSince(String host, long since) {
        Failure last = lastFailures.get(host);
        return last != null && last.at() - since >= 0 ? last : null;
    }

    /** A vault answered with its authentication challenge: from then on a token is needed. */
    void challenged() {
        challenged = true;
    }

    /**
     * Whether a vault has challenged a request, so that a token was needed. Boot asks for the token before the
     * challenge arrives (see {@link SingleFlightTokenCredential}); until a vault has asked for one, that request's
     * failures are nobody's failure.
     */
    boolean tokenNeeded() {
        return challenged;
    }

    /** How the last token request ended: {@code null} for success, else what went wrong (see TokenFailurePolicy). */
    void tokenAttempt(String failure) {
        lastTokenFailure = failure;
    }

    /** What the last token request hit, or {@code null} when none failed or the last one succeeded. */
    String lastTokenFailure() {
        return lastTokenFailure;
    }

    public long count(Outcome outcome) {
        return counts.get(outcome).sum();
    }

    public double totalNanos(Outcome outcome) {
        return nanos.get(outcome).sum();
    }

    static Outcome outcomeOf(int status) {
        if (status == 429) {
            return Outcome.THROTTLED;
        }
        if (status >= 500) {
            return Outcome.SERVER_ERROR;
        }
        // A 401 is Key Vault's authentication challenge, the first step of every new connection's flow.
        return status >= 400 && status != 401 ? Outcome.CLIENT_ERROR : Outcome.SUCCESS;
    }
}
