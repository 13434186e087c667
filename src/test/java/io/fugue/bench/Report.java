package io.fugue.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the samples of {@link BootBench} into the Markdown tables of {@code docs/benchmarks.md}. */
final class Report {

    private static final int TARGET_K = 50;
    private static final int TARGET_LATENCY = 50;

    private Report() {
    }

    record Stats(double median, double min, double max, int n) {

        String cell() {
            return n == 0 ? "–" : String.format(Locale.ROOT, "%.0f [%.0f–%.0f]", median, min, max);
        }
    }

    static Stats stats(List<BootBench.Sample> samples, String mode, int k, int latency) {
        return stats(samples, mode, k, latency, false);
    }

    /** @param appResolve the app's own "Resolved … in X ms" instead of the measured time */
    static Stats stats(List<BootBench.Sample> samples, String mode, int k, int latency, boolean appResolve) {
        List<Double> values = new ArrayList<>();
        for (BootBench.Sample s : samples) {
            if (s.mode().equals(mode) && s.k() == k && s.latency() == latency) {
                values.add(appResolve ? s.appResolveMs() : s.ms());
            }
        }
        if (values.isEmpty()) {
            return new Stats(Double.NaN, Double.NaN, Double.NaN, 0);
        }
        Collections.sort(values);
        int n = values.size();
        double median = n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
        return new Stats(median, values.get(0), values.get(n - 1), n);
    }

    static String markdown(List<BootBench.Sample> samples, List<Integer> ks, List<Integer> latencies,
            Map<String, String> counters, int retried) {
        StringBuilder md = new StringBuilder();
        int runs = samples.stream().mapToInt(BootBench.Sample::round).max().orElse(-1) + 1;
        md.append(String.format(Locale.ROOT, "All times in ms: median [min–max] of %d runs each.%n%n", runs));

        md.append("**Boot of the packaged app to the first 200 on `/q/health/ready`**\n\n");
        md.append("| K | latency | env (Method 1) | fugue (Key Vault) | fugue added = fugue − env (medians) "
                + "| target ≤ 3 × latency + 150 | met | fugue's own log: \"Resolved K secrets … in X ms\" |\n");
        md.append("|---:|---:|---:|---:|---:|---:|:---:|---:|\n");
        for (int latency : latencies) {
            for (int k : ks) {
                Stats env = stats(samples, "env", k, latency);
                Stats fugue = stats(samples, "fugue", k, latency);
                double added = fugue.median() - env.median();
                int target = 3 * latency + 150;
                md.append(String.format(Locale.ROOT, "| %d | %d ms | %s | %s | %s | %d | %s | %s |%n", k, latency,
                        env.cell(), fugue.cell(), number(added), target,
                        Double.isNaN(added) ? "–" : added <= target ? "yes" : "**no**",
                        stats(samples, "fugue", k, latency, true).cell()));
            }
        }

        md.append("\n**Resolution of the same K secrets in a fresh harness JVM** (`ResolutionHarness`; "
                + "JVM start-up excluded)\n\n");
        md.append("| K | latency | sequential baseline (quarkiverse-style) | fugue's factory in the harness "
                + "| sequential ÷ fugue (harness) | sequential ÷ fugue added (app) | target ≥ 10× |\n");
        md.append("|---:|---:|---:|---:|---:|---:|:---:|\n");
        for (int latency : latencies) {
            for (int k : ks) {
                Stats seq = stats(samples, "sequential", k, latency);
                Stats harness = stats(samples, "fugue-harness", k, latency);
                double added = stats(samples, "fugue", k, latency).median()
                        - stats(samples, "env", k, latency).median();
                double ratioHarness = seq.median() / harness.median();
                double ratioApp = added > 0 ? seq.median() / added : Double.NaN;
                String target = k == TARGET_K && latency == TARGET_LATENCY
                        ? (Double.isNaN(ratioApp) ? "–" : ratioApp >= 10 ? "yes" : "**no**")
                        : "(n/a)";
                md.append(String.format(Locale.ROOT, "| %d | %d ms | %s | %s | %s | %s | %s |%n", k, latency,
                        seq.cell(), harness.cell(), ratio(ratioHarness), ratio(ratioApp), target));
            }
        }

        md.append("\n**Emulator request counters at K = ").append(ks.stream().mapToInt(i -> i).max().orElse(0))
                .append("** (one measured run of each mode)\n\n");
        counters.forEach((key, value) -> md.append("- `").append(key).append("`: ").append(value).append('\n'));

        long foreign = samples.stream().mapToLong(BootBench.Sample::foreignCpuMs).sum();
        long wall = samples.stream().mapToLong(BootBench.Sample::wallMs).sum();
        long worst = samples.stream().mapToLong(BootBench.Sample::foreignCpuMs).max().orElse(0);
        md.append(String.format(Locale.ROOT, "%nOther processes' CPU (PostgreSQL excluded) during the measured samples:"
                + " %d ms over %d ms of wall time on %d cores (%.1f %% of the machine); most in one sample: %d ms."
                + " Samples measured again because others used more than the threshold: %d.%n", foreign, wall,
                BootBench.nproc(), wall == 0 ? 0.0 : 100.0 * foreign / (wall * (double) BootBench.nproc()), worst,
                retried));
        return md.toString();
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.0f", value);
    }

    private static String ratio(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "–" : String.format(Locale.ROOT, "%.1f×", value);
    }
}
