package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.Socket;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentitySourceType;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;

/** The lifecycle manager as Quarkus drives it: start, inject, use, stop. */
class KeyVaultEmulatorResourceTest {

    /** Stands in for a test class. */
    static class Holder {
        @InjectKeyVaultEmulator
        KeyVaultEmulator emulator;
        KeyVaultEmulator notAnnotated;
    }

    @Test
    void startsSeedsInjectsAndStops() {
        ManagedIdentitySourceType sourceBefore = ManagedIdentityApplication.getManagedIdentitySource();
        KeyVaultEmulatorResource resource = new KeyVaultEmulatorResource();
        Map<String, String> config = resource.start();
        Holder test = new Holder();
        KeyVaultEmulator emulator;
        try {
            resource.inject(new FieldInjector(test));
            emulator = test.emulator;
            assertNotNull(emulator);
            assertNull(test.notAnnotated);

            assertEquals("https://fugue-kv.localhost:" + emulator.port() + "/", config.get("fugue.keyvault.endpoint"));
            assertEquals(emulator.trustStore().path().toAbsolutePath().toString(), config.get("javax.net.ssl.trustStore"));
            assertEquals("PKCS12", config.get("javax.net.ssl.trustStoreType"));
            assertEquals(emulator.identityEndpoint().toString(), config.get("IDENTITY_ENDPOINT"));
            assertEquals(emulator.identityHeader(), config.get("IDENTITY_HEADER"));
            assertEquals(ManagedIdentitySourceType.APP_SERVICE, ManagedIdentityApplication.getManagedIdentitySource());

            String signingKey = emulator.latestValue(KeyVaultEmulatorResource.VAULT,
                    KeyVaultEmulatorResource.SESSION_SIGNING_KEY).orElseThrow();
            assertTrue(signingKey.matches("[0-9a-f]{64}"));
            assertTrue(emulator.secretValues().contains(signingKey));
            assertEquals("fugue", emulator.latestValue(KeyVaultEmulatorResource.VAULT,
                    KeyVaultEmulatorResource.DB_PASSWORD).orElseThrow());

            // What the application does with the returned endpoint: the plain builder, nothing emulator-specific.
            var http = new JdkHttpClientBuilder().build();
            var client = new SecretClientBuilder()
                    .vaultUrl(config.get("fugue.keyvault.endpoint"))
                    .credential(new DefaultAzureCredentialBuilder().httpClient(http).build())
                    .httpClient(http)
                    .disableChallengeResourceVerification()
                    .buildClient();
            assertEquals("fugue", client.getSecret(KeyVaultEmulatorResource.DB_USERNAME).getValue());
            assertEquals(signingKey, client.getSecret(KeyVaultEmulatorResource.SESSION_SIGNING_KEY).getValue());
        } finally {
            resource.stop();
        }

        assertEquals(sourceBefore, ManagedIdentityApplication.getManagedIdentitySource());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", emulator.port()).close());
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", emulator.identityEndpoint().getPort()).close());
    }

    /** Sets the matching fields of one object, as Quarkus' injector does for the test instance. */
    private record FieldInjector(Object target) implements TestInjector {

        @Override
        public void injectIntoFields(Object fieldValue, Predicate<Field> predicate) {
            for (Field field : target.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(target, fieldValue);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
