package io.fugue.ratelimit;

import java.time.Duration;

/**
 * Heap taken by one limit's tracked keys, for docs/reliability.md: fills a limit with 50,000 usernames that failed
 * once, then sprays 150,000 more and shows that the number tracked stays bounded. A program, not a test (no timing or heap figure
 * is stable enough to assert):
 * {@code ./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt && java -XX:+UseSerialGC
 * -cp target/classes:target/test-classes:$(cat target/cp.txt) io.fugue.ratelimit.AttemptBucketsMemory}
 */
public final class AttemptBucketsMemory {

    private static final int KEYS = 50_000;

    private AttemptBucketsMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        AttemptBuckets buckets = new AttemptBuckets(5, Duration.ofMinutes(15), KEYS);
        buckets.take("warm-up");
        long before = usedHeap();
        for (int i = 0; i < KEYS; i++) {
            buckets.take(String.format("user%08d", i));
        }
        long tracked = buckets.size();
        long filled = usedHeap() - before;
        for (int i = 0; i < 3 * KEYS; i++) {
            buckets.take(String.format("spray%08d", i));
        }
        System.out.printf("%d keys tracked: %d bytes of heap (%d per key); after %d more keys: %d tracked%n",
                tracked, filled, filled / KEYS, 3 * KEYS, buckets.size());
    }

    private static long usedHeap() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
