package io.fugue.testing.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy between the application and PostgreSQL that a test can cut: {@link #cut()} closes every connection
 * and stops listening, so new connections are refused, which is what a PostgreSQL restart looks like to the pool;
 * {@link #restore()} listens again on the same port. Hand-written (a byte pump per direction, about a hundred
 * lines) because no TCP fault proxy is served to this build: Toxiproxy and Testcontainers need Docker.
 * <p>
 * One per test JVM ({@link #shared()}), created on first use: a {@code @QuarkusIntegrationTest} application reaches
 * it over loopback like the in-JVM one.
 */
public final class PostgresProxy {

    private static PostgresProxy shared;

    private final String targetHost;
    private final int targetPort;
    private final String jdbcUrl;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile ServerSocket listener;

    private PostgresProxy(String targetJdbcUrl) {
        URI target = URI.create(targetJdbcUrl.substring("jdbc:".length()));
        this.targetHost = target.getHost();
        this.targetPort = target.getPort() < 0 ? 5432 : target.getPort();
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "postgres-proxy-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.listener = listen(0);
        this.port = listener.getLocalPort();
        this.jdbcUrl = "jdbc:postgresql://127.0.0.1:" + port + target.getRawPath()
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        accept(listener);
    }

    /** The proxy in front of the tests' PostgreSQL (see {@link PostgresResource#url()}), started on first call. */
    public static synchronized PostgresProxy shared() {
        if (shared == null) {
            shared = new PostgresProxy(PostgresResource.url());
        }
        return shared;
    }

    /** The JDBC URL of the same database through this proxy. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** Closes every proxied connection and refuses new ones until {@link #restore()}. */
    public synchronized void cut() {
        closeQuietly(listener);
        sockets.forEach(PostgresProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        if (listener.isClosed()) {
            listener = listen(port);
            accept(listener);
        }
    }

    private void accept(ServerSocket server) {
        threads.submit(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    threads.submit(() -> pump(client, upstream));
                    threads.submit(() -> pump(upstream, client));
                } catch (IOException e) {
                    // closed by cut(), or PostgreSQL itself refused: the client sees its connection end
                }
            }
        });
    }

    /** Copies bytes one way until either side ends, then ends both. */
    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            sockets.remove(from);
            sockets.remove(to);
        }
    }

    private static ServerSocket listen(int port) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true); // rebinding after cut() must not wait for TIME_WAIT
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on port " + port, e);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
