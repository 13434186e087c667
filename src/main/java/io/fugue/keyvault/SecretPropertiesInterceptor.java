package io.fugue.keyvault;

import java.util.function.BooleanSupplier;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.SecretKeys;

/**
 * Makes every property that holds a Key Vault secret a SmallRye Config secret key, as
 * {@code SmallRyeConfigBuilder.withSecretKeys} does for names known in advance: a locked read throws, which config
 * logging and dumps answer by hiding the value, while injection and mappings read unlocked. The Dev UI's
 * configuration page gets {@link #HIDDEN} instead (see {@link DevUiReads}). Written here because SmallRye's own secret
 * keys are fixed when the configuration is built, and which properties reference a vault is only known once the Key
 * Vault source has scanned that configuration.
 */
final class SecretPropertiesInterceptor implements ConfigSourceInterceptor {

    /** What the Dev UI shows for a Key Vault backed property. */
    static final String HIDDEN = "<hidden: Key Vault secret>";

    private static final long serialVersionUID = 1L;

    private final BooleanSupplier devUiRead;

    SecretPropertiesInterceptor(BooleanSupplier devUiRead) {
        this.devUiRead = devUiRead;
    }

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (SecretKeys.isLocked() && SecretProperties.contains(name)) {
            if (devUiRead.getAsBoolean()) {
                // Below expression expansion, so this is the reference, not the secret; keeping its source and
                // ordinal keeps profile resolution (%dev.* against the reference's source) as for the real read.
                ConfigValue reference = context.proceed(name);
                return reference == null ? null : reference.withValue(HIDDEN);
            }
            throw new SecurityException(name + " holds a Key Vault secret and is a secret key: read it through "
                    + "injection, a @ConfigMapping or SecretKeys.doUnlocked (or set fugue.keyvault.secret-keys=false)");
        }
        return context.proceed(name);
    }
}
