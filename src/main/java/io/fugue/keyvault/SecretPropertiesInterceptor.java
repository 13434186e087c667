package io.fugue.keyvault;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SecretKeys;

/**
 * Makes every property that holds a Key Vault secret a SmallRye Config secret key, as
 * {@code SmallRyeConfigBuilder.withSecretKeys} does for names known in advance: a locked read throws, which config
 * logging, dumps and the Dev UI answer by hiding the value, while injection and mappings read unlocked. Written here
 * because SmallRye's own secret keys are fixed when the configuration is built, and which properties reference a
 * vault is only known once the Key Vault source has scanned that configuration.
 */
final class SecretPropertiesInterceptor implements ConfigSourceInterceptor {

    private static final long serialVersionUID = 1L;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (SecretKeys.isLocked() && SecretProperties.contains(name)) {
            throw new SecurityException(name + " holds a Key Vault secret and is a secret key: read it through "
                    + "injection, a @ConfigMapping or SecretKeys.doUnlocked (or set fugue.keyvault.secret-keys=false)");
        }
        return context.proceed(name);
    }
}
