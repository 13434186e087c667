package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * When the application stops, the runtime the config factory built lets go of its threads and stops being current:
 * in dev mode every live reload used to leave the previous generation running (its credential and HTTP client
 * threads, and through them its class loader).
 */
class KeyVaultRuntimeCloseTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @Test
    void aClosedRuntimeEndsItsCredentialThreadsAndIsNoLongerCurrent() throws InterruptedException {
        String password = vaults.seed(VAULT, "db-password");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        SmallRyeConfig config = vaults.bootAsQuarkus(Map.of("quarkus.datasource.password", "${kv//db-password}"));
        KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
        List<Thread> credentialThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith("fugue-credential-"))
                .toList();
        assertFalse(credentialThreads.isEmpty(), "boot asked the credential for a token on its own threads");

        runtime.close();

        assertTrue(KeyVaultRuntime.current().isEmpty());
        for (Thread thread : credentialThreads) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " still runs");
        }
        assertEquals(password,
                SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)),
                "what boot resolved stays readable");
    }

    /** A boot that fails (here: a secret that does not exist) lets go of them too: dev mode goes on in this JVM. */
    @Test
    void aFailedBootEndsItsCredentialThreads() throws InterruptedException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();

        assertThrows(KeyVaultResolutionException.class,
                () -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//no-such-secret}")));
        assertTrue(vaults.emulator.counters().tokenRequests() > 0, "the boot used its credential threads");

        List<Thread> credentialThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.getName().startsWith("fugue-credential-"))
                .toList();
        // Those the failed boot started and that still run: none at all is the expected outcome when they ended with
        // the boot; those still ending get 5 s.
        for (Thread thread : credentialThreads) {
            thread.join(5_000);
            assertFalse(thread.isAlive(), thread.getName() + " still runs");
        }
    }

    /** Boot silences the SDK's own logging while it resolves; a failed boot gives it back too (dev mode goes on). */
    @Test
    void aFailedBootGivesTheSdkItsLoggingBack() {
        java.util.logging.Logger azure = java.util.logging.Logger.getLogger("com.azure");
        java.util.logging.Level before = azure.getLevel();

        assertThrows(KeyVaultResolutionException.class,
                () -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//no-such-secret}")));

        assertEquals(before, azure.getLevel());
    }
}
