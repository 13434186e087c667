package io.fugue.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

import io.fugue.keyvault.BenchFactories;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Times resolving K {@code ${kv//…}} references in a fresh JVM (one run per process), for {@code bench-boot.sh}.
 * <ul>
 * <li>{@code --mode sequential}: what the quarkiverse {@code quarkus-azure-keyvault} config source does for each
 * property it is asked for — a new HTTP client, a new {@code DefaultAzureCredential} and a new {@code SecretClient},
 * then a blocking get — one property after the other. Quarkiverse also makes a new Vert.x instance per property for
 * its HTTP client; this harness uses a new JDK HTTP client instead (the SDK's Vert.x client is not on this project's
 * class path), which is, if anything, cheaper than what quarkiverse does.</li>
 * <li>{@code --mode fugue}: fugue's own {@code KeyVaultConfigSourceFactory} building a SmallRye configuration that
 * holds the same K references, then reading them (served from memory).</li>
 * </ul>
 * The time runs from the first use of the SDK (or of the factory) to the last value read, so it includes class
 * loading and client construction in a cold JVM, as at an application's boot. JVM start-up is not included.
 * <p>
 * Prints {@code RESULT mode=<mode> k=<K> resolve_ms=<ms>}. Values are checked for presence, never printed.
 * Needs the JVM options a client of the emulator needs: trust store, {@code jdk.net.hosts.file}, and the
 * {@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER} environment.
 */
public final class ResolutionHarness {

    private ResolutionHarness() {
    }

    public static void main(String[] args) {
        String mode = null;
        int k = 0;
        String vaultUrl = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = args[i + 1];
                case "--k" -> k = Integer.parseInt(args[i + 1]);
                case "--vault-url" -> vaultUrl = args[i + 1];
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (mode == null || k < 1 || vaultUrl == null) {
            throw new IllegalArgumentException("Usage: --mode sequential|fugue --k <K> --vault-url <url>");
        }
        List<BenchSecrets.Ref> refs = BenchSecrets.referenced(k);

        long start = System.nanoTime();
        Map<String, String> values = switch (mode) {
            case "sequential" -> sequential(vaultUrl, refs);
            case "fugue" -> fugue(vaultUrl, refs);
            default -> throw new IllegalArgumentException("Unknown mode " + mode);
        };
        long elapsed = System.nanoTime() - start;

        for (BenchSecrets.Ref ref : refs) {
            String value = values.get(ref.property());
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("No value for " + ref.property() + " (secret " + ref.secret() + ")");
            }
        }
        System.out.printf("RESULT mode=%s k=%d resolve_ms=%.1f%n", mode, k, elapsed / 1_000_000.0);
        System.out.flush();
        // The SDK leaves non-daemon threads behind; the measurement is over.
        System.exit(0);
    }

    /** One new HTTP client, credential and secrets client per property, one blocking get after the other. */
    private static Map<String, String> sequential(String vaultUrl, List<BenchSecrets.Ref> refs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (BenchSecrets.Ref ref : refs) {
            HttpClient httpClient = new JdkHttpClientBuilder().build();
            TokenCredential credential = new DefaultAzureCredentialBuilder().httpClient(httpClient).build();
            SecretClient client = new SecretClientBuilder()
                    .vaultUrl(vaultUrl)
                    .credential(credential)
                    .httpClient(httpClient)
                    // Needed for any emulator (its challenge names https://vault.azure.net); quarkiverse has the same
                    // switch for local vaults.
                    .disableChallengeResourceVerification()
                    .buildClient();
            values.put(ref.property(), client.getSecret(ref.secret()).getValue());
        }
        return values;
    }

    /** Fugue's factory resolves every reference while the configuration is built; reads come from memory. */
    private static Map<String, String> fugue(String vaultUrl, List<BenchSecrets.Ref> refs) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("fugue.keyvault.endpoint", vaultUrl);
        refs.forEach(ref -> properties.put(ref.property(), ref.reference()));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(properties, "bench", 100))
                .withSources(BenchFactories.activeKeyVaultFactory())
                .build();
        Map<String, String> values = new LinkedHashMap<>();
        refs.forEach(ref -> values.put(ref.property(), config.getValue(ref.property(), String.class)));
        return values;
    }
}
