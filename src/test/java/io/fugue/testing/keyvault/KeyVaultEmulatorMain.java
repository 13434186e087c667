package io.fugue.testing.keyvault;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Runs a {@link KeyVaultEmulator} as a process of its own, for {@code scripts/bench-boot.sh}: the application under
 * measurement and the harnesses are separate JVMs that reach it over loopback.
 * <p>
 * It serves vault {@value #VAULT} with {@code db-username} and {@code db-password} = {@code fugue} (the benchmark
 * database's role), a random 64-hex {@code session-signing-key} and {@code --bench-secrets} secrets named
 * {@code bench-1} … {@code bench-N}. When ready it writes a properties file with everything a client needs (vault URL,
 * trust store, {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}, control URL) and prints the same to stdout.
 * <p>
 * Control, over plain HTTP on 127.0.0.1 (an ephemeral port, named in the file), GET unless said:
 * {@code /latency?ms=N} (vault requests and the token endpoint alike), {@code /reset-counters}, {@code /counters}
 * (properties: tokens, challenges, gets, distinctSecrets, listVersions, vaultRequests, forbidden), {@code /stop},
 * {@code POST /secret?name=N} with the value as the body (a new version, as a rotation would; answers
 * {@code version=<id>}, never the value) and {@code /seeded-values} (every value of every version, one Base64 line
 * each, for the secret scan of {@code scripts/secret-hygiene.sh}). The value goes in a body rather than the query so
 * that it stays off command lines and out of access logs.
 * <p>
 * Arguments: {@code --settings <file>} (required), {@code --identity-port <port>} (0: ephemeral),
 * {@code --identity-header <value>}, {@code --bench-secrets <n>}, {@code --latency-ms <n>}.
 */
public final class KeyVaultEmulatorMain {

    public static final String VAULT = "fugue-kv";

    private KeyVaultEmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path settingsFile = Path.of(required(options, "settings"));
        int identityPort = Integer.parseInt(options.getOrDefault("identity-port", "0"));
        String identityHeader = options.getOrDefault("identity-header", "fugue-bench-identity-header");
        int benchSecrets = Integer.parseInt(options.getOrDefault("bench-secrets", "0"));
        Duration latency = Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "0")));

        KeyVaultEmulator emulator = KeyVaultEmulator.builder()
                .vaults(VAULT)
                .identityPort(identityPort)
                .identityHeader(identityHeader)
                .start();
        emulator.setSecret(VAULT, "db-username", "fugue");
        emulator.setSecret(VAULT, "db-password", "fugue");
        emulator.setSecret(VAULT, "session-signing-key", RunCertificateAuthority.randomHex(32));
        for (int i = 1; i <= benchSecrets; i++) {
            emulator.setSecret(VAULT, "bench-" + i, RunCertificateAuthority.randomHex(16));
        }
        setLatency(emulator, latency);

        CountDownLatch stop = new CountDownLatch(1);
        HttpServer control = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        control.createContext("/", exchange -> control(exchange, emulator, stop));
        control.start();

        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("vault.url", emulator.vaultUrl(VAULT));
        settings.put("vault.port", Integer.toString(emulator.port()));
        TrustStoreSettings trust = emulator.trustStore();
        settings.put("trust.store", trust.path().toAbsolutePath().toString());
        settings.put("trust.store.password", trust.password());
        settings.put("trust.store.type", trust.type());
        settings.put("identity.endpoint", emulator.identityEndpoint().toString());
        settings.put("identity.header", emulator.identityHeader());
        settings.put("control.url", "http://127.0.0.1:" + control.getAddress().getPort() + "/");
        settings.put("bench.secrets", Integer.toString(benchSecrets));
        settings.put("pid", Long.toString(ProcessHandle.current().pid()));
        String text = settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        // Written whole, then moved: a reader never sees half a file.
        Path temporary = Files.createTempFile(settingsFile.toAbsolutePath().getParent(), "settings", ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, settingsFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        System.out.print(text);
        System.out.flush();

        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        stop.await();
        control.stop(0);
        emulator.close();
    }

    private static void control(HttpExchange exchange, KeyVaultEmulator emulator, CountDownLatch stop)
            throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        int status = 200;
        String body;
        try {
            switch (path) {
                case "/latency" -> {
                    if (query == null || !query.startsWith("ms=")) {
                        throw new IllegalArgumentException("use /latency?ms=N");
                    }
                    Duration latency = Duration.ofMillis(Long.parseLong(query.substring(3)));
                    setLatency(emulator, latency);
                    body = "latency=" + latency.toMillis() + "\n";
                }
                case "/reset-counters" -> {
                    emulator.resetCounters();
                    body = "ok\n";
                }
                case "/counters" -> {
                    RequestCounts counts = emulator.counters();
                    body = "tokens=" + counts.tokenRequests() + "\n"
                            + "challenges=" + counts.challenges() + "\n"
                            + "gets=" + counts.totalSecretGets() + "\n"
                            + "distinctSecrets=" + counts.secretGets().size() + "\n"
                            + "listVersions=" + counts.listVersions() + "\n"
                            + "vaultRequests=" + counts.vaultRequests() + "\n"
                            + "forbidden=" + counts.forbidden() + "\n";
                }
                case "/secret" -> {
                    if (!"POST".equals(exchange.getRequestMethod()) || query == null || !query.startsWith("name=")) {
                        throw new IllegalArgumentException("use POST /secret?name=N with the value as the body");
                    }
                    String value = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                    if (value.isEmpty()) {
                        throw new IllegalArgumentException("the body (the new value) is empty");
                    }
                    body = "version=" + emulator.setSecret(VAULT, query.substring(5), value) + "\n";
                }
                case "/seeded-values" -> body = emulator.secretValues().stream()
                        .map(v -> Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)))
                        .sorted().collect(Collectors.joining("\n", "", "\n"));
                case "/stop" -> body = "stopping\n"; // stopped once this answer is out (below)
                default -> {
                    status = 404;
                    body = "unknown command " + path + "\n";
                }
            }
        } catch (RuntimeException e) {
            status = 400;
            body = e.getMessage() + "\n";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
        exchange.close();
        if ("/stop".equals(path) && status == 200) {
            // Only now: main stops the control server at once, which cut this answer short when it came first.
            stop.countDown();
        }
    }

    /** The same delay before every vault answer (challenges included) and every token answer. */
    private static void setLatency(KeyVaultEmulator emulator, Duration latency) {
        emulator.latency(latency);
        emulator.tokenLatency(latency);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("Expected --name value pairs, got: " + String.join(" ", args));
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
