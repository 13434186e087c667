package io.fugue.datasource;

import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import org.eclipse.microprofile.config.Config;

import io.fugue.keyvault.LiveSecretProperty;
import io.quarkus.arc.Unremovable;
import io.quarkus.credentials.CredentialsProvider;
import io.smallrye.config.SmallRyeConfig;

/**
 * Database credentials for every new pool connection, read from the secret cache at that moment, so a password
 * rotated in Key Vault reaches new connections after the next refresh without a restart. Values given directly
 * (dev, or Method 1 environment variables) are served as they are.
 */
@ApplicationScoped
@Named(KeyVaultCredentialsProvider.NAME)
@Unremovable
public class KeyVaultCredentialsProvider implements CredentialsProvider {

    static final String NAME = "fugue-keyvault";

    private final LiveSecretProperty username;
    private final LiveSecretProperty password;

    public KeyVaultCredentialsProvider(Config config) {
        SmallRyeConfig smallRye = config.unwrap(SmallRyeConfig.class);
        this.username = LiveSecretProperty.of(smallRye, "quarkus.datasource.username");
        this.password = LiveSecretProperty.of(smallRye, "quarkus.datasource.password");
    }

    @Override
    public Map<String, String> getCredentials(String credentialsProviderName) {
        // One snapshot for both, so a rotation of user and password is never seen half-done.
        var snapshot = LiveSecretProperty.snapshot();
        Map<String, String> credentials = new HashMap<>();
        put(credentials, USER_PROPERTY_NAME, username.valueIn(snapshot));
        put(credentials, PASSWORD_PROPERTY_NAME, password.valueIn(snapshot));
        return credentials;
    }

    private static void put(Map<String, String> credentials, String key, String value) {
        if (value != null) {
            credentials.put(key, value);
        }
    }
}
