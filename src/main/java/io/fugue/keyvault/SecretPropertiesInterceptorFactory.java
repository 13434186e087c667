package io.fugue.keyvault;

import java.util.OptionalInt;
import java.util.function.BooleanSupplier;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.Priorities;

/** Registers {@link SecretPropertiesInterceptor} (in {@code META-INF/services}). */
public class SecretPropertiesInterceptorFactory implements ConfigSourceInterceptorFactory {

    private final BooleanSupplier devUiRead;

    public SecretPropertiesInterceptorFactory() {
        // The Dev UI exists in dev mode only; elsewhere no read is its read.
        this(LaunchMode.current() == LaunchMode.DEVELOPMENT ? DevUiReads::inProgress : () -> false);
    }

    /** For tests that build a configuration outside a running Quarkus application. */
    SecretPropertiesInterceptorFactory(BooleanSupplier devUiRead) {
        this.devUiRead = devUiRead;
    }

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return new SecretPropertiesInterceptor(devUiRead);
    }

    @Override
    public OptionalInt getPriority() {
        // SmallRye's own secret keys interceptor sits here: inside config logging, which hides what it refuses.
        return OptionalInt.of(Priorities.LIBRARY + 100);
    }
}
