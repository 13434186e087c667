package io.fugue.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application as a child process of the test: whatever the build produced, read from
 * {@code target/quarkus-artifact.properties} the way Quarkus' own integration tests find it ({@code type=jar} runs
 * {@code java -jar}, {@code type=native} the executable). Quarkus' launcher ({@code @QuarkusIntegrationTest}) is
 * not used because it fails the test when the application does not start, and the tests using this class are about
 * exactly that: the exit code, how soon, and what the process printed.
 * <p>
 * Configuration goes in as environment variables (what a container platform gives) plus {@code -D} options for the
 * JVM-level settings (trust store, hosts file), which the native executable accepts too. Output (stdout and stderr
 * together) is written to a file under {@code target/packaged-app-logs}.
 */
public final class PackagedApplication implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;
    private final long startedNanos = System.nanoTime();

    private PackagedApplication(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the application in the prod profile on a free port.
     *
     * @param name names the log file
     * @param environment environment variables added to this JVM's (which the child inherits)
     * @param systemProperties given as {@code -D} options
     */
    public static PackagedApplication start(String name, Map<String, String> environment,
            Map<String, String> systemProperties) {
        Path target = targetDirectory();
        Properties artifact = new Properties();
        try (InputStream in = Files.newInputStream(target.resolve("quarkus-artifact.properties"))) {
            artifact.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Package the application first (./mvnw package): " + e.getMessage(), e);
        }
        Path executable = target.resolve(artifact.getProperty("path"));
        int port = freePort();
        Map<String, String> properties = new LinkedHashMap<>(systemProperties);
        properties.put("quarkus.http.port", Integer.toString(port));
        List<String> command = new ArrayList<>();
        switch (artifact.getProperty("type")) {
            case "jar" -> {
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
                command.add("-jar");
                command.add(executable.toString());
            }
            case "native" -> {
                command.add(executable.toString());
                properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            }
            default -> throw new IllegalStateException("Cannot launch artifact type " + artifact.getProperty("type"));
        }
        try {
            Path logs = Files.createDirectories(target.resolve("packaged-app-logs"));
            Path log = logs.resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            return new PackagedApplication(builder.start(), log, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + executable, e);
        }
    }

    /** Waits for the process to end; empty when it is still running after {@code timeout}. */
    public OptionalInt awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Polls {@code /q/health/ready} until it answers 200; false when the process ended or time ran out. */
    public boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (readiness() == 200) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    /** Time since {@link #start}. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(Duration.ofSeconds(10)).isEmpty()) {
                process.destroyForcibly();
                awaitExit(Duration.ofSeconds(5));
            }
        }
    }

    private int readiness() {
        try {
            HttpURLConnection connection = (HttpURLConnection) baseUri().resolve("/q/health/ready").toURL()
                    .openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode();
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return -1; // not listening yet
        }
    }

    /** The build directory: failsafe names the native runner in it; a plain IDE run uses ./target. */
    private static Path targetDirectory() {
        String runner = System.getProperty("native.image.path");
        return runner != null ? Path.of(runner).toAbsolutePath().getParent() : Path.of("target").toAbsolutePath();
    }

    /** A free loopback port, for the application or for nothing to listen on: see {@link LoopbackPorts}. */
    public static int freePort() {
        return LoopbackPorts.reserve();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
