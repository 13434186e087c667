package io.fugue.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.exception.ResourceNotFoundException;

/**
 * The Key Vault state of this process: the shared clients, the secret cache and the request counts. Made by the
 * config source factory while the configuration is built (before CDI exists) and found by the application's beans
 * through {@link #current()}.
 */
public final class KeyVaultRuntime {

    private static volatile KeyVaultRuntime current;

    private final KeyVaultConfig config;
    private final KeyVaultClients clients;
    private final SecretFetcher fetcher;
    private final SecretReferenceParser parser;
    private final FailureExplainer explainer;
    private final SecretCache cache = new SecretCache();
    /** Secrets known not to exist, so that the default values of their expressions apply without asking again. */
    private final Set<SecretReference> absent = ConcurrentHashMap.newKeySet();
    /** Version listings made at boot, each for one later use (see {@link SecretRefresher#keepHistory}). */
    private final Map<SecretReference, List<VersionSelection.Listed>> bootListings = new ConcurrentHashMap<>();
    private final RequestStats stats;
    private volatile Instant resolvedAt;

    KeyVaultRuntime(KeyVaultConfig config, RequestStats stats) {
        this.config = config;
        this.stats = stats;
        this.clients = new KeyVaultClients(config, stats);
        this.fetcher = new SecretFetcher(clients);
        this.parser = new SecretReferenceParser(new VaultUrls(config.endpoint()));
        this.explainer = new FailureExplainer(clients.identity(), stats);
    }

    /** The runtime of this process, if any {@code kv//} reference is in use. */
    public static Optional<KeyVaultRuntime> current() {
        return Optional.ofNullable(current);
    }

    /** Makes a runtime current, or none when the configuration being built references no secret. */
    static synchronized void install(KeyVaultRuntime runtime) {
        if (runtime != null) {
            runtime.resolvedAt = Instant.now();
        }
        current = runtime;
    }

    /**
     * Releases the clients' threads and stops being {@link #current()}, when the application stops. Values already
     * resolved stay readable. Without this a dev-mode live reload kept every previous generation alive: the JDK HTTP
     * client's selector thread holds its context class loader, whose classes hold this runtime and so the client.
     */
    void close() {
        clients.close();
        synchronized (KeyVaultRuntime.class) { // as install()
            if (current == this) {
                current = null;
            }
        }
    }

    /** When boot resolved the secrets. */
    Instant resolvedAt() {
        return resolvedAt;
    }

    public SecretCache cache() {
        return cache;
    }

    public RequestStats stats() {
        return stats;
    }

    KeyVaultConfig config() {
        return config;
    }

    SecretFetcher fetcher() {
        return fetcher;
    }

    FailureExplainer explainer() {
        return explainer;
    }

    /** Remembers secrets found not to exist at boot, whose every use has a default value. */
    void rememberAbsent(Collection<SecretReference> references) {
        absent.addAll(references);
    }

    /** Keeps the version listings boot made, until {@link #takeBootListing} is asked for them. */
    void rememberListings(Map<SecretReference, List<VersionSelection.Listed>> listings) {
        bootListings.putAll(listings);
    }

    /** The listing of a secret's versions made at boot, once; empty if there is none or it was already taken. */
    Optional<List<VersionSelection.Listed>> takeBootListing(SecretReference reference) {
        return Optional.ofNullable(bootListings.remove(reference));
    }

    /** Parses a looked-up name such as {@code kv//db-password}. */
    public SecretReference reference(String lookedUpName) {
        return parser.parse(lookedUpName, lookedUpName);
    }

    /** Parses a reference found at boot; a syntax error names every property that uses it. */
    SecretReference reference(Collection<String> properties, String lookedUpName) {
        return parser.parse(properties, lookedUpName);
    }

    /**
     * The value for a reference: from the cache, or fetched now for a reference that was not in the configuration
     * at boot (read programmatically, say). {@code null} when the secret does not exist, so that a default value in
     * the expression applies; that answer is remembered, like a value.
     */
    String valueOf(SecretReference reference, String property) {
        Optional<CachedSecret> cached = cache.get(reference);
        if (cached.isPresent()) {
            return cached.get().value();
        }
        if (absent.contains(reference)) {
            return null;
        }
        Duration timeout = config.bootTimeout();
        try {
            CachedSecret fetched = fetcher.fetch(reference).block(timeout);
            if (fetched == null) {
                return null;
            }
            cache.put(fetched);
            return fetched.value();
        } catch (ResourceNotFoundException e) {
            absent.add(reference);
            return null;
        } catch (RuntimeException e) {
            throw new KeyVaultResolutionException(List.of(explainer.explain(Set.of(property), reference, e)), 1);
        }
    }
}
