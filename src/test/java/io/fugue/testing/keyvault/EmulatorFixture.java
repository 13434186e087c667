package io.fugue.testing.keyvault;

import java.time.Duration;

import com.azure.core.http.HttpClient;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;

/**
 * One emulator for one test, with this JVM pointed at it, and real SDK clients built the way the application
 * builds them: {@code DefaultAzureCredential} on a shared JDK HTTP client.
 */
final class EmulatorFixture implements AutoCloseable {

    static final String VAULT = KeyVaultEmulatorResource.VAULT;
    static final String SECOND_VAULT = KeyVaultEmulatorResource.SECOND_VAULT;

    final KeyVaultEmulator emulator;
    final HttpClient httpClient;

    EmulatorFixture() {
        emulator = KeyVaultEmulator.start(VAULT, SECOND_VAULT);
        JvmTrust.install(emulator.trustStore());
        JvmTrust.verify(emulator);
        ManagedIdentityEnvironment.install(emulator.managedIdentityEnvironment());
        RestrictedHeaderWarningFilter.install();
        // Only now: the JDK client takes the default SSLContext, which reads the trust store once, when first used.
        httpClient = new JdkHttpClientBuilder().build();
    }

    /**
     * A client for the vault that authenticates as the user-assigned identity {@code clientId}, or as the
     * system-assigned identity when it is null. Retries are quick so that fault tests stay fast.
     */
    SecretClient client(String vault, String clientId) {
        return new SecretClientBuilder()
                .vaultUrl(emulator.vaultUrl(vault))
                .credential(credential(clientId))
                .httpClient(httpClient)
                .retryOptions(new RetryOptions(new FixedDelayOptions(3, Duration.ofMillis(50))))
                // The challenge names https://vault.azure.net, which a *.localhost vault cannot match.
                .disableChallengeResourceVerification()
                .buildClient();
    }

    com.azure.core.credential.TokenCredential credential(String clientId) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder().httpClient(httpClient);
        if (clientId != null) {
            builder.managedIdentityClientId(clientId);
        }
        return builder.build();
    }

    @Override
    public void close() {
        ManagedIdentityEnvironment.uninstall();
        JvmTrust.uninstall();
        emulator.close();
    }
}
