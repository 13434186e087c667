package io.fugue.keyvault;

import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Serves the names that {@code ${kv//…}} expressions look up from the secret cache. Lists nothing, so no tool
 * that walks the configuration can enumerate or print secret values.
 */
final class KeyVaultConfigSource implements ConfigSource {

    static final String NAME = "fugue-keyvault";
    // Only kv// names are served, which no other source has; the ordinal just keeps it clear of the defaults.
    private static final int ORDINAL = 50;

    private final KeyVaultRuntime runtime;

    KeyVaultConfigSource(KeyVaultRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public String getValue(String propertyName) {
        if (!SecretReferenceParser.isReference(propertyName)) {
            return null;
        }
        return runtime.valueOf(runtime.reference(propertyName), propertyName);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of();
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
