package io.fugue.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;

class SessionKeyCatchUpTest {

    private static final String KID = "0123456789abcdef0123456789abcdef";

    private final AtomicInteger refreshes = new AtomicInteger();

    @Test
    void unknownKeysWithinTheIntervalAskTheVaultOnce() {
        SessionKeyCatchUp catchUp = new SessionKeyCatchUp(kid -> refreshedAtOnce(), Duration.ofMinutes(1), Duration.ofSeconds(1));

        for (int i = 0; i < 100; i++) {
            catchUp.catchUp(KID);
        }

        assertEquals(1, refreshes.get());
    }

    @Test
    void aNewAttemptIsMadeOnceTheIntervalHasPassed() throws InterruptedException {
        SessionKeyCatchUp catchUp = new SessionKeyCatchUp(kid -> refreshedAtOnce(), Duration.ofMillis(200), Duration.ofSeconds(1));
        catchUp.catchUp(KID);
        Thread.sleep(250);

        catchUp.catchUp(KID);

        assertEquals(2, refreshes.get());
    }

    @Test
    void aRequestWaitsForTheRefreshItStarted() {
        CompletableFuture<Void> refresh = new CompletableFuture<>();
        SessionKeyCatchUp catchUp = new SessionKeyCatchUp(kid -> {
            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> refresh.complete(null));
            return refresh;
        }, Duration.ofMinutes(1), Duration.ofSeconds(5));

        catchUp.catchUp(KID);

        assertTrue(refresh.isDone(), "returned before the refresh it waits for");
    }

    @Test
    void aSlowOrFailedRefreshIsWaitedForOnlyBriefly() {
        SessionKeyCatchUp slow = new SessionKeyCatchUp(kid -> new CompletableFuture<>(), Duration.ofMinutes(1), Duration.ofMillis(200));
        long started = System.nanoTime();
        slow.catchUp(KID);
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());

        SessionKeyCatchUp failing = new SessionKeyCatchUp(kid -> {
            throw new IllegalStateException("vault down");
        }, Duration.ofMinutes(1), Duration.ofSeconds(1));
        failing.catchUp(KID); // refused as before: nothing thrown at the request
    }

    @Test
    void anEventLoopNeverWaits() throws InterruptedException {
        SessionKeyCatchUp catchUp = new SessionKeyCatchUp(kid -> new CompletableFuture<>(), Duration.ofMinutes(1), Duration.ofSeconds(30));
        Vertx vertx = Vertx.vertx();
        try {
            CountDownLatch returned = new CountDownLatch(1);
            vertx.runOnContext(ignored -> {
                catchUp.catchUp(KID);
                returned.countDown();
            });
            assertTrue(returned.await(5, TimeUnit.SECONDS), "the event loop waited for the vault");
        } finally {
            vertx.close();
        }
    }

    private CompletableFuture<Void> refreshedAtOnce() {
        refreshes.incrementAndGet();
        return CompletableFuture.completedFuture(null);
    }
}
