package io.fugue.keyvault;

import java.util.OptionalInt;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigSourceInterceptorFactory;
import io.smallrye.config.Priorities;

/** Registers {@link SecretPropertiesInterceptor} (in {@code META-INF/services}). */
public class SecretPropertiesInterceptorFactory implements ConfigSourceInterceptorFactory {

    @Override
    public ConfigSourceInterceptor getInterceptor(ConfigSourceInterceptorContext context) {
        return new SecretPropertiesInterceptor();
    }

    @Override
    public OptionalInt getPriority() {
        // SmallRye's own secret keys interceptor sits here: inside config logging, which hides what it refuses.
        return OptionalInt.of(Priorities.LIBRARY + 100);
    }
}
