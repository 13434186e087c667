package io.fugue.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.fugue.session.SessionKeyRing;
import io.fugue.session.SessionKeys;
import io.fugue.session.SessionRevocations;
import io.fugue.session.SessionService;
import io.fugue.session.VerifiedSession;
import io.fugue.support.DefaultSessionConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * CPU cost of verifying one session cookie, for {@code scripts/load.sh}: {@link SessionService#verify} (the jose4j
 * HS256 check, the claims and the verification counter) on one thread, after a JIT warm-up, against a ring of two keys
 * as after a rotation. The load script divides it by the measured CPU per HTTP request.
 * <p>
 * Hand-written rather than JMH: one number with a clear method is enough here, and JMH would add an annotation
 * processor and a plugin to the build for it. Thread CPU time is measured besides wall time, so another process
 * taking the core does not inflate the figure. Prints
 * {@code RESULT verify_cpu_ns=<median> verify_wall_ns=<median> rounds=<n> iterations=<per round>}.
 */
public final class SessionVerifyBench {

    private static final int WARMUP_ITERATIONS = 300_000;
    private static final int ROUNDS = 7;
    private static final int ITERATIONS = 200_000;

    private SessionVerifyBench() {
    }

    public static void main(String[] args) {
        // Benchmark keys, random per run; never a deployed key.
        SessionKeyRing ring = SessionKeys.ring(randomKey(), List.of(randomKey()));
        SessionService sessions = new SessionService(() -> ring, new DefaultSessionConfig(), new SimpleMeterRegistry(),
                new SessionRevocations()); // revocation is off (the default): never asked
        String token = sessions.issue(UUID.randomUUID()).token();

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int i = 0; i < WARMUP_ITERATIONS; i++) {
            sink += check(sessions.verify(token));
        }
        long[] cpu = new long[ROUNDS];
        long[] wall = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            for (int i = 0; i < ITERATIONS; i++) {
                sink += check(sessions.verify(token));
            }
            wall[round] = (System.nanoTime() - wall0) / ITERATIONS;
            cpu[round] = (threads.getCurrentThreadCpuTime() - cpu0) / ITERATIONS;
        }
        System.out.printf("RESULT verify_cpu_ns=%d verify_wall_ns=%d rounds=%d iterations=%d checked=%d%n",
                median(cpu), median(wall), ROUNDS, ITERATIONS, sink);
    }

    /** Uses the result, so the JIT cannot drop the call; a refused token would throw before this. */
    private static int check(VerifiedSession session) {
        return session.reissuedToken().isPresent() ? 2 : 1;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String randomKey() {
        return UUID.randomUUID().toString() + UUID.randomUUID();
    }
}
