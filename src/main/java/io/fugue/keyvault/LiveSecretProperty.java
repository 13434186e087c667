package io.fugue.keyvault;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * A configuration property whose value may be a Key Vault secret that rotates. When the property's effective value
 * is exactly one unpinned {@code ${kv//…}} reference, reads follow the secret cache, so a refresh is seen at once;
 * any other value (a literal, an environment variable under Method 1, a pinned version) is read once.
 */
public final class LiveSecretProperty {

    private static final Pattern WHOLE_REFERENCE = Pattern.compile("\\$\\{(kv//[^}:]+)}");

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
        String raw = SecretKeys.doUnlocked(() -> config.getConfigValue(property).getRawValue());
        Optional<KeyVaultRuntime> runtime = KeyVaultRuntime.current();
        if (runtime.isPresent()) {
            Optional<SecretReference> reference = followed(raw, runtime.get()::reference);
            if (reference.isPresent()) {
                return new LiveSecretProperty(property, null, reference.get(), runtime.get());
            }
        }
        return new LiveSecretProperty(property,
                SecretKeys.doUnlocked(() -> config.getOptionalValue(property, String.class).orElse(null)), null, null);
    }

    /** The secret a raw value follows: exactly one unpinned {@code ${kv//…}} reference, without a default. */
    static Optional<SecretReference> followed(String raw, Function<String, SecretReference> parse) {
        if (raw == null) {
            return Optional.empty();
        }
        Matcher matcher = WHOLE_REFERENCE.matcher(raw.trim());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        SecretReference reference = parse.apply(matcher.group(1));
        return reference.version() == null ? Optional.of(reference) : Optional.empty();
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
