package io.fugue.keyvault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory.ConfigurableConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SecretKeys;

/**
 * Resolves every {@code ${kv//…}} reference of the effective configuration at boot, all at once, and serves them
 * from memory afterwards. Registered in {@code META-INF/services}.
 */
public class KeyVaultConfigSourceFactory implements ConfigurableConfigSourceFactory<KeyVaultConfig> {

    private static final Logger LOG = Logger.getLogger(KeyVaultConfigSourceFactory.class);

    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final BooleanSupplier active;

    public KeyVaultConfigSourceFactory() {
        this(KeyVaultConfigSourceFactory::isRuntime);
    }

    /** For tests that build a configuration outside a running Quarkus application. */
    KeyVaultConfigSourceFactory(BooleanSupplier active) {
        this.active = active;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context, KeyVaultConfig config) {
        if (!active.getAsBoolean()) {
            return List.of();
        }
        Map<String, ReferenceScanner.Usage> found = ReferenceScanner.scan(context.iterateNames(),
                name -> rawValue(context, name));
        SecretProperties.install(config.secretKeys()
                ? found.values().stream().flatMap(usage -> usage.properties().stream()).collect(Collectors.toSet())
                : Set.of());
        if (found.isEmpty()) {
            KeyVaultRuntime.install(null);
            return List.of();
        }
        checkDurations(config);
        long start = System.nanoTime();
        KeyVaultRuntime runtime = new KeyVaultRuntime(config, new RequestStats());
        QuietSdkLogging quiet = new QuietSdkLogging();
        try {
            return List.of(resolve(context, config, runtime, found, start));
        } catch (RuntimeException e) {
            // A failed boot keeps no HTTP client and no credential thread: in dev mode the JVM goes on, and the
            // next start builds its own.
            runtime.close();
            throw e;
        } finally {
            // After the close: attempts of a failed boot still retrying would print their traces under its message.
            quiet.close();
        }
    }

    /**
     * Resolves every reference into the runtime's cache and makes it the current one; throws one message for all
     * the references that failed.
     */
    private static KeyVaultConfigSource resolve(ConfigSourceContext context, KeyVaultConfig config,
            KeyVaultRuntime runtime, Map<String, ReferenceScanner.Usage> found, long start) {
        List<String> problems = new ArrayList<>();
        Map<SecretReference, ReferenceScanner.Usage> references = new LinkedHashMap<>();
        found.forEach((name, usage) -> {
            try {
                references.merge(runtime.reference(usage.properties(), name), usage, ReferenceScanner.Usage::merge);
            } catch (ReferenceSyntaxException e) {
                problems.add(e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new KeyVaultResolutionException(problems, found.size());
        }

        BootResolver.Result result = new BootResolver(runtime.fetcher(), runtime.explainer())
                .resolve(references, withHistory(context, runtime), config.bootTimeout());
        if (!result.failures().isEmpty()) {
            throw new KeyVaultResolutionException(result.failures(), references.size());
        }
        runtime.cache().putAll(result.resolved().stream()
                .collect(Collectors.toMap(CachedSecret::reference, SecretVersions::of)));
        runtime.rememberAbsent(result.absent());
        runtime.rememberListings(result.listings());
        KeyVaultRuntime.install(runtime);
        LOG.infof("Resolved %d secrets from %d vault(s) in %d ms", result.resolved().size(), result.vaults(),
                (System.nanoTime() - start) / 1_000_000);
        if (LOG.isDebugEnabled()) {
            references.forEach((ref, usage) -> LOG.debugf("Secret %s serves %s", ref, usage.properties()));
        }
        return new KeyVaultConfigSource(runtime);
    }

    /**
     * The secrets behind {@link SecretRefresher#HISTORY_PROPERTIES} that the application will hold several versions
     * of: their version listing goes with the boot wave, so that {@link SecretRefresher#keepHistory} needs no round
     * trip of its own at startup.
     */
    private static Set<SecretReference> withHistory(ConfigSourceContext context, KeyVaultRuntime runtime) {
        return SecretRefresher.HISTORY_PROPERTIES.stream()
                .flatMap(property -> LiveSecretProperty.followed(rawValue(context, property),
                        name -> rawValue(context, name), runtime::reference).stream())
                .collect(Collectors.toSet());
    }

    /**
     * A zero or negative refresh interval would list the vault in a tight loop from every replica (and get the vault
     * throttled for all its users); a zero boot timeout would fail every boot with a timeout that explains nothing.
     */
    private static void checkDurations(KeyVaultConfig config) {
        if (config.refreshInterval().compareTo(MIN_REFRESH_INTERVAL) < 0) {
            throw new IllegalArgumentException("fugue.keyvault.refresh-interval must be at least "
                    + MIN_REFRESH_INTERVAL + ", but is " + config.refreshInterval());
        }
        if (config.bootTimeout().isZero() || config.bootTimeout().isNegative()) {
            throw new IllegalArgumentException("fugue.keyvault.boot-timeout must be positive, but is "
                    + config.bootTimeout());
        }
    }

    /**
     * Quarkus also builds its build-time configuration (while packaging, in tests, in dev mode and in the native
     * image builder) with discovered factories; a vault must only be asked by the running application.
     */
    private static boolean isRuntime() {
        ExecutionMode mode = ExecutionMode.current();
        return mode == ExecutionMode.RUNTIME_INIT || mode == ExecutionMode.RUNNING;
    }

    private static String rawValue(ConfigSourceContext context, String name) {
        // Unlocked: the properties this source resolves are secret keys (SecretPropertiesInterceptor).
        ConfigValue value = SecretKeys.doUnlocked(() -> context.getValue(name));
        if (value == null) {
            return null;
        }
        return value.getRawValue() != null ? value.getRawValue() : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        // Late, so that every ordinary source is already in the context it scans.
        return OptionalInt.of(Integer.MIN_VALUE + 100);
    }
}
