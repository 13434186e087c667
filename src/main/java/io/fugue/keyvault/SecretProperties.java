package io.fugue.keyvault;

import java.util.Set;

/**
 * The names of the properties whose value the Key Vault source resolves, for {@link SecretPropertiesInterceptor}.
 * A holder of its own, free of Azure SDK types, because the interceptor also runs while the native image is built.
 */
final class SecretProperties {

    private static volatile Set<String> names = Set.of();

    private SecretProperties() {
    }

    static void install(Set<String> properties) {
        names = Set.copyOf(properties);
    }

    static boolean contains(String property) {
        return names.contains(property);
    }
}
