package io.fugue.ratelimit;

import java.time.Duration;
import java.util.OptionalLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One limit: a Bucket4j token bucket per key (a username, a client address), {@code attempts} tokens refilled
 * greedily over {@code window}. Buckets live in a Caffeine cache bounded in size, and one left alone for a whole
 * window is dropped: it would be full again by then, so forgetting it changes nothing.
 */
// Caffeine picks its cache and node classes by name for the features asked for (maximumSize + expireAfterAccess:
// SSMSA and PSAMS); quarkus-caffeine registers only those of Quarkus' own caches for the native image.
@RegisterForReflection(classNames = { "com.github.benmanes.caffeine.cache.SSMSA",
        "com.github.benmanes.caffeine.cache.PSAMS" })
final class AttemptBuckets {

    private final Bandwidth bandwidth;
    private final Cache<String, Bucket> buckets;

    AttemptBuckets(int attempts, Duration window, long maxKeys) {
        if (attempts < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("A limit needs at least one attempt and a positive window");
        }
        this.bandwidth = Bandwidth.builder().capacity(attempts).refillGreedy(attempts, window).build();
        this.buckets = Caffeine.newBuilder().maximumSize(maxKeys).expireAfterAccess(window).build();
    }

    /** Takes one attempt for {@code key}; empty when allowed, else the nanoseconds until one is back. */
    OptionalLong take(String key) {
        ConsumptionProbe probe = bucket(key).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? OptionalLong.empty() : OptionalLong.of(probe.getNanosToWaitForRefill());
    }

    /** The nanoseconds until {@code key} has an attempt again, without taking one or tracking a key not seen yet. */
    OptionalLong wait(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket == null) {
            return OptionalLong.empty();
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? OptionalLong.empty() : OptionalLong.of(probe.getNanosToWaitForRefill());
    }

    /** Gives back an attempt taken for {@code key} (never beyond the bucket's capacity). */
    void giveBack(String key) {
        Bucket bucket = buckets.getIfPresent(key);
        if (bucket != null) {
            bucket.addTokens(1);
        }
    }

    /** Keys tracked now (for tests and the memory bound). */
    long size() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket bucket(String key) {
        return buckets.get(key, ignored -> Bucket.builder().addLimit(bandwidth).build());
    }
}
