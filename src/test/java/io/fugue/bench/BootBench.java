package io.fugue.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The measuring loop of {@code scripts/bench-boot.sh} (which builds, starts the emulator and the database, and
 * calls this): for every round, latency and K it measures
 * <ul>
 * <li>{@code env}: boot time of the packaged application, all values given as environment variables / system
 * properties (Method 1), from process start to the first HTTP 200 of {@code /q/health/ready}, polled every 10 ms;</li>
 * <li>{@code fugue}: the same with K {@code ${kv//…}} references resolved from the emulator at boot;</li>
 * <li>{@code sequential}: the time the sequential baseline ({@link ResolutionHarness}) takes to resolve the same K
 * secrets in a fresh JVM;</li>
 * <li>{@code fugue-harness}: fugue's factory resolving the same K in the same harness.</li>
 * </ul>
 * Every sample checks the emulator's request counters (Method 1 must make no vault request, a fugue boot exactly one
 * token request, one challenge and K GETs) and records how much CPU other processes used meanwhile. Writes
 * {@code runs.csv}, {@code counters.txt} and {@code results.md} into the output directory.
 */
public final class BootBench {

    private static final Pattern RESULT = Pattern.compile("RESULT mode=(\\S+) k=(\\d+) resolve_ms=([0-9.]+)");
    private static final Pattern RESOLVED = Pattern.compile("Resolved (\\d+) secrets from 1 vault\\(s\\) in (\\d+) ms");
    private static final long CLOCK_TICK_MS = 10; // USER_HZ is 100 on Linux
    private static final int NPROC = Runtime.getRuntime().availableProcessors();

    private final Map<String, String> o;
    private final Properties emulator = new Properties();
    private final Path out;
    private final Path logs;
    private final String java;
    private final int appPort;
    private final String signingKey = HexFormat.of().formatHex(randomBytes(32));
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> counterNotes = new LinkedHashMap<>();
    private final long emulatorPid;
    private final long postgresPid;
    private int retried;
    private double lastAppResolveMs;
    private Process running;

    /** @param appResolveMs what a fugue boot's own log line says resolution took; NaN for other modes */
    record Sample(int round, String mode, int k, int latency, double ms, double appResolveMs, long foreignCpuMs,
            long wallMs, Map<String, Integer> counters) {
    }

    private BootBench(Map<String, String> options) throws IOException {
        this.o = options;
        try (InputStream in = Files.newInputStream(Path.of(option("settings")))) {
            emulator.load(in);
        }
        this.out = Path.of(option("out"));
        this.logs = out.resolve("logs");
        Files.createDirectories(logs);
        this.java = option("java");
        this.appPort = Integer.parseInt(option("app-port"));
        this.emulatorPid = Long.parseLong(emulator.getProperty("pid"));
        this.postgresPid = Long.parseLong(o.getOrDefault("postgres-pid", "0"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        BootBench bench = new BootBench(options);
        Runtime.getRuntime().addShutdownHook(new Thread(bench::killRunning));
        bench.run();
    }

    private void run() throws Exception {
        int rounds = Integer.parseInt(option("runs"));
        int warmups = Integer.parseInt(o.getOrDefault("warmup", "1"));
        List<Integer> ks = ints(option("ks"));
        List<Integer> latencies = ints(option("latencies"));
        List<String> modes = List.of(option("modes").split(","));
        int total = (warmups + rounds) * ks.size() * latencies.size() * modes.size();
        int done = 0;
        long start = System.nanoTime();
        for (int round = -warmups; round < rounds; round++) {
            // Rotate the order of the modes from round to round so that none always follows the same neighbour.
            List<String> order = rotate(modes, Math.floorMod(round, modes.size()));
            for (int latency : latencies) {
                control("latency?ms=" + latency);
                for (int k : ks) {
                    for (String mode : order) {
                        Sample sample = measureQuietly(round, mode, k, latency);
                        if (round >= 0) {
                            samples.add(sample);
                        }
                        done++;
                        System.out.printf(Locale.ROOT, "[%3d/%d %4ds] %s round %d %s K=%d latency=%dms: %.0f ms"
                                + " (other processes' CPU: %d ms; load %s)%n", done, total,
                                (System.nanoTime() - start) / 1_000_000_000L, round < 0 ? "warm-up" : "measured",
                                round, mode, k, latency, sample.ms(), sample.foreignCpuMs(), loadAverage());
                        writeCsv();
                    }
                }
            }
        }
        writeCounters();
        Files.writeString(out.resolve("results.md"), Report.markdown(samples, ks, latencies, counterNotes, retried));
        System.out.println("Results: " + out.resolve("results.md"));
    }

    // ---- one sample ------------------------------------------------------------------------------------------

    /**
     * Measures, and measures again (after waiting for the machine to calm down) while other processes took more than
     * {@code --max-foreign-pct} of the machine's CPU during the sample, at most {@code --retries} times. The last
     * attempt is kept either way, with what other processes used during it.
     */
    private Sample measureQuietly(int round, String mode, int k, int latency) throws Exception {
        double maxForeign = Double.parseDouble(o.getOrDefault("max-foreign-pct", "10"));
        int retries = Integer.parseInt(o.getOrDefault("retries", "3"));
        Sample sample = measure(round, mode, k, latency);
        for (int attempt = 1; round >= 0 && attempt <= retries && foreignPct(sample) > maxForeign; attempt++) {
            System.out.printf(Locale.ROOT, "  other processes took %.0f %% of the CPU during %s K=%d latency=%d;"
                    + " waiting for quiet and measuring again (%d/%d)%n", foreignPct(sample), mode, k, latency,
                    attempt, retries);
            retried++;
            waitForQuiet();
            sample = measure(round, mode, k, latency);
        }
        return sample;
    }

    private static double foreignPct(Sample sample) {
        return sample.wallMs() == 0 ? 0 : 100.0 * sample.foreignCpuMs() / (sample.wallMs() * (double) NPROC);
    }

    /** Waits (at most {@code --quiet-wait} seconds) until other processes use under the threshold for 5 s. */
    private void waitForQuiet() throws InterruptedException {
        double maxForeign = Double.parseDouble(o.getOrDefault("max-foreign-pct", "10"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(o.getOrDefault("quiet-wait",
                "120")));
        while (System.nanoTime() < deadline) {
            CpuSnapshot before = snapshot();
            Thread.sleep(5000);
            double pct = 100.0 * snapshot().foreignSince(before) / (5000.0 * NPROC);
            if (pct <= maxForeign) {
                return;
            }
            System.out.printf(Locale.ROOT, "  still busy: other processes %.0f %% of the CPU%n", pct);
        }
    }

    private CpuSnapshot snapshot() {
        return CpuSnapshot.take(emulatorPid, postgresPid);
    }

    private Sample measure(int round, String mode, int k, int latency) throws Exception {
        control("reset-counters");
        CpuSnapshot before = snapshot();
        long wallStart = System.nanoTime();
        lastAppResolveMs = Double.NaN;
        double ms = switch (mode) {
            case "env", "fugue" -> bootApp(mode, k, latency);
            case "sequential", "fugue-harness" -> harness(mode.equals("sequential") ? "sequential" : "fugue", k,
                    latency);
            default -> throw new IllegalArgumentException("Unknown mode " + mode);
        };
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        long foreign = snapshot().foreignSince(before);
        Map<String, Integer> counters = counters();
        check(mode, k, counters);
        if (k == maxK() && !counterNotes.containsKey(mode + "@" + latency) && round >= 0) {
            counterNotes.put(mode + "@" + latency, counters.toString());
        }
        return new Sample(round, mode, k, latency, ms, lastAppResolveMs, foreign, wallMs, counters);
    }

    /** Boot time in ms, from process start to the first 200 of /q/health/ready; the app is stopped after. */
    private double bootApp(String mode, int k, int latency) throws Exception {
        if (answers(appPort)) {
            throw new IllegalStateException("Something already listens on 127.0.0.1:" + appPort);
        }
        List<BenchSecrets.Ref> refs = BenchSecrets.referenced(k);
        List<String> command = new ArrayList<>();
        // The native executable takes the same -D options as the JVM, after its own path.
        String runner = o.get("app-runner");
        command.add(runner != null ? runner : java);
        command.addAll(clientJvmOptions());
        Map<String, String> env = clientEnvironment();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", option("jdbc-url"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(appPort));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // loopback only; prod's default is 0.0.0.0
        for (BenchSecrets.Ref standard : BenchSecrets.STANDARD) {
            if (mode.equals("env") || !refs.contains(standard)) {
                env.put(standard.envVar(), literal(standard));
            }
        }
        for (BenchSecrets.Ref ref : refs) {
            if (!ref.standard()) {
                command.add("-D" + ref.property() + "=" + (mode.equals("env") ? literal(ref) : ref.reference()));
            }
        }
        if (runner == null) {
            command.add("-jar");
            command.add(option("app-jar"));
        }
        Path log = logs.resolve("app-" + mode + "-k" + k + "-l" + latency + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);

        long start = System.nanoTime();
        Process app = builder.start();
        running = app;
        long timeoutNanos = TimeUnit.SECONDS.toNanos(Long.parseLong(o.getOrDefault("boot-timeout", "90")));
        try {
            while (!ready(appPort)) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("The app exited with " + app.exitValue() + " before it was ready;"
                            + " see " + log);
                }
                if (System.nanoTime() - start > timeoutNanos) {
                    throw new IllegalStateException("The app was not ready in time; see " + log);
                }
                Thread.sleep(10);
            }
            double ms = (System.nanoTime() - start) / 1_000_000.0;
            String text = Files.readString(log);
            Matcher resolved = RESOLVED.matcher(text);
            if (mode.equals("fugue")) {
                if (!resolved.find() || Integer.parseInt(resolved.group(1)) != k) {
                    throw new IllegalStateException("No 'Resolved " + k + " secrets' line in " + log);
                }
                lastAppResolveMs = Double.parseDouble(resolved.group(2));
            }
            if (mode.equals("env") && text.contains("Resolved ")) {
                throw new IllegalStateException("Method 1 run resolved secrets; see " + log);
            }
            return ms;
        } finally {
            stop(app);
            running = null;
        }
    }

    /** The harness's own resolution time, in ms, from a fresh JVM. */
    private double harness(String mode, int k, int latency) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(clientJvmOptions());
        command.add("-cp");
        command.add(option("harness-classpath"));
        command.add(ResolutionHarness.class.getName());
        command.addAll(List.of("--mode", mode, "--k", Integer.toString(k), "--vault-url",
                emulator.getProperty("vault.url")));
        Path log = logs.resolve("harness-" + mode + "-k" + k + "-l" + latency + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(clientEnvironment());
        Process process = builder.start();
        running = process;
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("Harness did not finish; see " + log);
            }
            Matcher matcher = RESULT.matcher(Files.readString(log));
            if (process.exitValue() != 0 || !matcher.find()) {
                throw new IllegalStateException("Harness failed (exit " + process.exitValue() + "); see " + log);
            }
            return Double.parseDouble(matcher.group(3));
        } finally {
            stop(process);
            running = null;
        }
    }

    /** What every process that talks to the emulator gets: its trust store and the hosts file. */
    private List<String> clientJvmOptions() {
        return List.of(
                "-Djavax.net.ssl.trustStore=" + emulator.getProperty("trust.store"),
                "-Djavax.net.ssl.trustStorePassword=" + emulator.getProperty("trust.store.password"),
                "-Djavax.net.ssl.trustStoreType=" + emulator.getProperty("trust.store.type"),
                "-Djdk.net.hosts.file=" + option("hosts-file"));
    }

    /**
     * A clean environment (no inherited QUARKUS_*, AZURE_* or the like), plus the managed-identity variables
     * (msal4j reads only the real environment) and the vault endpoint.
     */
    private Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String keep : List.of("PATH", "HOME", "LANG", "TMPDIR", "USER")) {
            String value = System.getenv(keep);
            if (value != null) {
                env.put(keep, value);
            }
        }
        env.put("IDENTITY_ENDPOINT", emulator.getProperty("identity.endpoint"));
        env.put("IDENTITY_HEADER", emulator.getProperty("identity.header"));
        env.put("FUGUE_KEYVAULT_ENDPOINT", emulator.getProperty("vault.url"));
        return env;
    }

    /** Method 1 values: the database role's credentials, a signing key, and a stand-in for each extra secret. */
    private String literal(BenchSecrets.Ref ref) {
        return switch (ref.secret()) {
            case "db-username", "db-password" -> "fugue";
            case "session-signing-key" -> signingKey;
            default -> "value-of-" + ref.secret();
        };
    }

    private void check(String mode, int k, Map<String, Integer> c) {
        String problem = switch (mode) {
            case "env" -> c.get("vaultRequests") == 0 && c.get("tokens") == 0 ? null
                    : "Method 1 must not touch the vault";
            // K always includes session-signing-key, whose version listing goes with the boot wave.
            case "fugue", "fugue-harness" -> c.get("tokens") == 1 && c.get("challenges") == 1 && c.get("gets") == k
                    && c.get("distinctSecrets") == k && c.get("listVersions") == 1 && c.get("vaultRequests") == k + 2
                    ? null
                    : "fugue must make exactly 1 token request, 1 challenge, " + k + " GETs and 1 version listing";
            case "sequential" -> c.get("gets") == k ? null : "the baseline must GET each of the " + k + " secrets";
            default -> null;
        };
        if (problem != null) {
            throw new IllegalStateException(problem + "; emulator counters: " + c);
        }
    }

    // ---- processes and HTTP ----------------------------------------------------------------------------------

    private static void stop(Process process) throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        process.waitFor();
    }

    private void killRunning() {
        Process process = running;
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** One poll: whether /q/health/ready answers 200 now. */
    private static boolean ready(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            socket.setSoTimeout(5000);
            OutputStream outStream = socket.getOutputStream();
            outStream.write(("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            outStream.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII));
            String status = in.readLine();
            return status != null && status.startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private String control(String command) throws IOException {
        URI uri = URI.create(emulator.getProperty("control.url") + command);
        var connection = (java.net.HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        try (InputStream in = connection.getInputStream()) {
            if (connection.getResponseCode() != 200) {
                throw new IOException("Emulator control " + command + " answered " + connection.getResponseCode());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }

    private Map<String, Integer> counters() throws IOException {
        Map<String, Integer> counters = new LinkedHashMap<>();
        for (String line : control("counters").split("\n")) {
            String[] parts = line.split("=", 2);
            if (parts.length == 2) {
                counters.put(parts[0], Integer.parseInt(parts[1].trim()));
            }
        }
        return counters;
    }

    // ---- output ----------------------------------------------------------------------------------------------

    private void writeCsv() throws IOException {
        StringBuilder csv = new StringBuilder(
                "round,mode,k,latency_ms,time_ms,app_resolve_ms,wall_ms,other_processes_cpu_ms,tokens,challenges,gets,"
                        + "list_versions,vault_requests\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%d,%s,%d,%d,%.1f,%s,%d,%d,%d,%d,%d,%d,%d%n", s.round(), s.mode(),
                    s.k(), s.latency(), s.ms(), Double.isNaN(s.appResolveMs()) ? "" : String.format(Locale.ROOT, "%.0f",
                            s.appResolveMs()), s.wallMs(), s.foreignCpuMs(), s.counters().get("tokens"),
                    s.counters().get("challenges"), s.counters().get("gets"), s.counters().get("listVersions"),
                    s.counters().get("vaultRequests")));
        }
        Path temporary = out.resolve("runs.csv.tmp");
        Files.writeString(temporary, csv);
        Files.move(temporary, out.resolve("runs.csv"), StandardCopyOption.REPLACE_EXISTING);
    }

    private void writeCounters() throws IOException {
        String text = counterNotes.entrySet().stream().map(e -> e.getKey() + " K=" + maxK() + ": " + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(out.resolve("counters.txt"), text);
    }

    private int maxK() {
        return ints(option("ks")).stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    private String option(String name) {
        String value = o.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static List<Integer> ints(String list) {
        return Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf)
                .toList();
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> rotated = new ArrayList<>(list.subList(by, list.size()));
        rotated.addAll(list.subList(0, by));
        return rotated;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /**
     * CPU time of the whole machine, of this process and its reaped children (the app and harness JVMs), of the
     * emulator and of PostgreSQL (which the app's boot uses; other users' queries count as ours then, so this
     * errs on the side of "quiet"): what is left over is what other processes used.
     */
    record CpuSnapshot(long busyTicks, long ownTicks) {

        /** @param postgresPid the postmaster (its reaped backends included), whose work for the app is ours; 0: none */
        static CpuSnapshot take(long emulatorPid, long postgresPid) {
            try {
                String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
                long[] f = Arrays.stream(cpu.trim().split("\\s+")).skip(1).mapToLong(Long::parseLong).toArray();
                // user nice system idle iowait irq softirq steal
                long busy = f[0] + f[1] + f[2] + f[5] + f[6] + f[7];
                long own = processTicks("self", true) + processTicks(Long.toString(emulatorPid), false);
                if (postgresPid > 0) {
                    own += processTicks(Long.toString(postgresPid), true);
                }
                return new CpuSnapshot(busy, own);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        long foreignSince(CpuSnapshot before) {
            long foreign = (busyTicks - before.busyTicks) - (ownTicks - before.ownTicks);
            return Math.max(0, foreign) * CLOCK_TICK_MS;
        }

        private static long processTicks(String pid, boolean withChildren) throws IOException {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (withChildren) {
                ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            }
            return ticks;
        }
    }

    static int nproc() {
        return NPROC;
    }
}
