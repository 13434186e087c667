package io.fugue.keyvault;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * A configuration property whose value may be a Key Vault secret that rotates. When the property's effective value
 * evaluates to exactly one unpinned {@code ${kv//…}} reference without a default (also when built with expressions:
 * {@code ${kv//${KV_NAME}/db-password}}, {@code ${DB_PASSWORD:${kv//db-password}}} with {@code DB_PASSWORD} unset),
 * reads follow the secret cache, so a refresh is seen at once; any other value (a literal, an environment variable
 * under Method 1, a pinned version, text around a reference) is read once; text around a reference gets a WARN at
 * startup, since that property will not rotate.
 */
public final class LiveSecretProperty {

    private static final Logger LOG = Logger.getLogger(LiveSecretProperty.class);

    private final String property;
    private final String fixedValue;
    private final SecretReference reference;
    private final KeyVaultRuntime runtime;

    private LiveSecretProperty(String property, String fixedValue, SecretReference reference,
            KeyVaultRuntime runtime) {
        this.property = property;
        this.fixedValue = fixedValue;
        this.reference = reference;
        this.runtime = runtime;
    }

    public static LiveSecretProperty of(SmallRyeConfig config, String property) {
        // Unlocked: a property that references a vault is a secret key (SecretPropertiesInterceptor).
        Function<String, String> rawValue = name -> SecretKeys.doUnlocked(() -> config.getConfigValue(name).getRawValue());
        String raw = rawValue.apply(property);
        Optional<KeyVaultRuntime> runtime = KeyVaultRuntime.current();
        if (runtime.isPresent()) {
            Optional<SecretReference> reference = followed(raw, rawValue, runtime.get()::reference);
            if (reference.isPresent()) {
                return new LiveSecretProperty(property, null, reference.get(), runtime.get());
            }
            if (ReferenceScanner.wholeReference(raw, rawValue).isPresent()) {
                // A pinned version, or a default: chosen on purpose.
                LOG.infof("%s is a pinned or defaulted Key Vault reference: it keeps its boot value", property);
            } else if (!ReferenceScanner.referencesIn(raw == null ? "" : raw, rawValue).isEmpty()) {
                LOG.warnf("%s uses a Key Vault secret with text around the reference: it keeps its boot value and "
                        + "does not rotate; make the value exactly one reference to rotate it", property);
            }
        }
        return new LiveSecretProperty(property,
                SecretKeys.doUnlocked(() -> config.getOptionalValue(property, String.class).orElse(null)), null, null);
    }

    /**
     * The secret a raw value follows: it evaluates to exactly one unpinned {@code ${kv//…}} reference, without a
     * default (whose secret may not exist).
     *
     * @param rawValue the unexpanded value of another property or environment variable, or {@code null}
     */
    static Optional<SecretReference> followed(String raw, Function<String, String> rawValue,
            Function<String, SecretReference> parse) {
        return ReferenceScanner.wholeReference(raw, rawValue)
                .filter(reference -> !reference.hasDefault())
                .map(reference -> parse.apply(reference.name()))
                .filter(reference -> reference.version() == null);
    }

    /** The current value, or {@code null} when the property is not set. */
    public String value() {
        return reference == null ? fixedValue : versions().newest().value();
    }

    /**
     * The value in a given cache snapshot, so that several properties read together come from the same refresh.
     */
    public String valueIn(Map<SecretReference, SecretVersions> snapshot) {
        if (reference == null) {
            return fixedValue;
        }
        SecretVersions versions = snapshot.get(reference);
        return versions == null ? versions().newest().value() : versions.newest().value();
    }

    /** The current cache snapshot, or an empty one when no property follows Key Vault. */
    public static Map<SecretReference, SecretVersions> snapshot() {
        return KeyVaultRuntime.current().map(rt -> rt.cache().snapshot()).orElse(Map.of());
    }

    /** The secret behind the property, when it follows Key Vault. */
    public Optional<SecretReference> reference() {
        return Optional.ofNullable(reference);
    }

    /** The held versions of the secret, newest first; only for a property that follows Key Vault. */
    public SecretVersions versions() {
        return runtime.cache().versions(reference).orElseThrow(() -> new IllegalStateException(
                "Secret " + reference + " behind " + property + " is not resolved"));
    }

    public String property() {
        return property;
    }
}
