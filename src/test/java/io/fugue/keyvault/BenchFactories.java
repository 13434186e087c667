package io.fugue.keyvault;

import io.smallrye.config.ConfigSourceFactory;

/**
 * Gives the benchmark harness ({@code io.fugue.bench}) fugue's config source factory switched on outside a running
 * Quarkus application, through the package-private test constructor. Test scope only.
 */
public final class BenchFactories {

    private BenchFactories() {
    }

    /** {@link KeyVaultConfigSourceFactory} that resolves references whatever the Quarkus execution mode. */
    public static ConfigSourceFactory activeKeyVaultFactory() {
        return new KeyVaultConfigSourceFactory(() -> true);
    }
}
