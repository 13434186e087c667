package io.fugue.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Authenticated traffic in the background while a test changes things underneath: a few threads alternate note
 * writes and reads with one session until stopped, and every non-2xx answer or exception is kept, as is every
 * request's {@link Result} (status, latency, created note) for tests that expect some to fail.
 */
public final class LoadClient implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String cookie;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong succeeded = new AtomicLong();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Result> results = new ConcurrentLinkedQueue<>();
    private final ExecutorService threads;

    /**
     * One answered (or failed) request: what was asked, when, how long it took, and what came back.
     *
     * @param status the HTTP status, or -1 when no answer came (connection error, {@link #REQUEST_TIMEOUT})
     * @param location the {@code Location} of a created note, else {@code null}
     */
    public record Result(String method, String path, long startedNanos, long millis, int status, String contentType,
            String retryAfter, String location, String body) {
    }

    /** Beyond this a request counts as hung: it fails with status -1 instead of blocking the test. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    public LoadClient(URI base, String sessionCookie, int threadCount) {
        this.base = base;
        this.cookie = Api.COOKIE + "=" + sessionCookie;
        this.threads = Executors.newFixedThreadPool(threadCount);
        for (int i = 0; i < threadCount; i++) {
            threads.submit(this::run);
        }
    }

    private void run() {
        int n = 0;
        while (running.get()) {
            HttpRequest request = (n++ % 2 == 0)
                    ? HttpRequest.newBuilder(base.resolve("/api/notes")).timeout(REQUEST_TIMEOUT)
                            .header("Content-Type", "application/json").header("Cookie", cookie)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"load\",\"body\":\"" + n + "\"}"))
                            .build()
                    : HttpRequest.newBuilder(base.resolve("/api/notes?limit=5")).timeout(REQUEST_TIMEOUT).header("Cookie", cookie).build();
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                results.add(new Result(request.method(), request.uri().getPath(), started, millisSince(started),
                        response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                        response.headers().firstValue("Retry-After").orElse(null),
                        response.headers().firstValue("Location").orElse(null), response.body()));
                if (response.statusCode() / 100 == 2) {
                    succeeded.incrementAndGet();
                } else {
                    failures.add(request.method() + " " + request.uri().getPath() + " -> " + response.statusCode()
                            + " " + response.body());
                }
            } catch (Exception e) {
                results.add(new Result(request.method(), request.uri().getPath(), started, millisSince(started), -1,
                        null, null, null, e.toString()));
                failures.add(request.method() + " " + request.uri().getPath() + " -> " + e);
            }
        }
    }

    public long succeeded() {
        return succeeded.get();
    }

    /** Every request so far, in the order they ended. */
    public List<Result> results() {
        return List.copyOf(results);
    }

    /** Waits until at least {@code count} more requests succeeded, failures or not; false after {@code timeout}. */
    public boolean awaitMoreSuccesses(long count, Duration timeout) throws InterruptedException {
        long target = succeeded.get() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (succeeded.get() < target) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /**
     * Waits until at least {@code count} more requests succeeded, or a request failed (the caller asserts on
     * {@link #failures()}); throws when neither happened within 30 s, so that a load that stalled does not pass.
     */
    public void awaitMore(long count) throws InterruptedException {
        long target = succeeded.get() + count;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (succeeded.get() < target && failures.isEmpty()) {
            if (System.nanoTime() >= deadline) {
                throw new AssertionError("only " + (count - (target - succeeded.get())) + " of " + count
                        + " more requests succeeded within 30 s");
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        threads.shutdown();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
