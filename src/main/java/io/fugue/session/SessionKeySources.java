package io.fugue.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.Config;

import io.fugue.keyvault.LiveSecretProperty;
import io.fugue.keyvault.SecretRefresher;
import io.quarkus.runtime.Startup;
import io.smallrye.config.SmallRyeConfig;

/**
 * Chooses where session keys come from: the versions of a Key Vault secret when {@code fugue.session.signing-key}
 * is an unpinned {@code ${kv//…}} reference (Method 2), the configured strings otherwise (a pinned version,
 * {@code FUGUE_SESSION_SIGNING_KEY} under Method 1, dev and test values). Built at startup, so a weak key stops the
 * application before it serves anything.
 */
@ApplicationScoped
public class SessionKeySources {

    @Produces
    @Startup
    @ApplicationScoped
    SessionKeySource sessionKeySource(SessionConfig config, Config rawConfig, SecretRefresher refresher) {
        LiveSecretProperty signingKey = LiveSecretProperty.of(rawConfig.unwrap(SmallRyeConfig.class),
                SessionKeys.SIGNING_KEY_PROPERTY);
        if (signingKey.reference().isPresent()) {
            return new KeyVaultSessionKeySource(signingKey, config, refresher);
        }
        return new ConfiguredSessionKeySource(config);
    }
}
