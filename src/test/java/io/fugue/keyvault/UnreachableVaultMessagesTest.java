package io.fugue.keyvault;

import static io.fugue.keyvault.BootFailures.assertSays;
import static io.fugue.keyvault.BootFailures.messageOf;
import static io.fugue.keyvault.VaultBootFixture.BOOT_TIMEOUT;
import static io.fugue.keyvault.VaultBootFixture.ENDPOINT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A vault that cannot be reached: the message names the endpoint and the kind of failure. DNS failures and refused
 * connections are retried until fugue.keyvault.boot-timeout, so their message is the deadline's, with what the last
 * attempt hit and what to check for it; a certificate the JVM refuses is not retried.
 */
class UnreachableVaultMessagesTest {

    @Test
    void vaultHostThatDoesNotResolve() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            vaults.seed(VAULT, "db-password");
            // nowhere-kv maps to nowhere-kv.localhost, which the test hosts file does not know.
            String message = messageOf(() -> vaults.boot(Map.of(BOOT_TIMEOUT, "PT2S", "app.x", "${kv//nowhere-kv/x}",
                    "quarkus.datasource.password", "${kv//db-password}")), vaults.emulator.secretValues());

            assertSays(message, "1 of 2 Key Vault secret reference(s) could not be resolved",
                    "Property 'app.x': secret 'x' from vault https://nowhere-kv.localhost:" + vaults.emulator.port() + "/",
                    "no answer within fugue.keyvault.boot-timeout (PT2S), retries included; the last failed attempt "
                            + "was 'nowhere-kv.localhost' does not resolve (DNS)",
                    "Check the vault name in the reference and fugue.keyvault.endpoint");
        }
    }

    @Test
    void eachVaultsDeadlineMessageSaysWhatThatVaultAnswered() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            vaults.seed(VAULT, "db-password");
            vaults.emulator.latency(Duration.ofSeconds(4));

            String message = messageOf(() -> vaults.boot(Map.of(BOOT_TIMEOUT, "PT2S", "app.x", "${kv//nowhere-kv/x}",
                    "quarkus.datasource.password", "${kv//db-password}")), vaults.emulator.secretValues());

            String slowVault = message.lines().filter(line -> line.contains("'quarkus.datasource.password'"))
                    .findFirst().orElseThrow();
            assertSays(slowVault, "no answer within fugue.keyvault.boot-timeout (PT2S), retries included. Check that "
                    + vaults.emulator.vaultUrl(VAULT) + " is reachable");
            assertTrue(!slowVault.contains("nowhere-kv"), "another vault's failure explains this one: " + slowVault);
        }
    }

    @Test
    void connectionRefused() {
        int port = VaultBootFixture.closedPort();
        String endpoint = "https://fugue-kv.localhost:" + port + "/";

        String message = messageOf(() -> VaultBootFixture.build(Map.of(ENDPOINT, endpoint, BOOT_TIMEOUT, "PT2S",
                "quarkus.datasource.password", "${kv//db-password}"), Map.of()), List.of());

        assertSays(message, "Property 'quarkus.datasource.password': secret 'db-password' from vault " + endpoint,
                "the last failed attempt was connection refused by fugue-kv.localhost:" + port,
                "Check fugue.keyvault.endpoint and the network path (firewall, private endpoint)");
    }

    @Test
    void aCertificateTheJvmRefusesFailsAtOnce() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            // untrusted-kv.localhost reaches the emulator, whose certificate does not name it.
            String vaultUrl = "https://untrusted-kv.localhost:" + vaults.emulator.port() + "/";

            long started = System.nanoTime();
            String message = messageOf(() -> vaults.boot(Map.of("app.x", "${kv//untrusted-kv/x}")), List.of());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            assertSays(message, "Property 'app.x': secret 'x' from vault " + vaultUrl,
                    "the TLS handshake with " + vaultUrl + " failed (",
                    "Check that its certificate is trusted by this JVM (javax.net.ssl.trustStore) and issued for "
                            + "untrusted-kv.localhost.");
            // Not retried until the 30 s default deadline: a refused certificate does not fix itself.
            assertTrue(elapsed.compareTo(Duration.ofSeconds(10)) < 0, "boot gave up after " + elapsed);
        }
    }

    @Test
    void deadlineExceededByASlowVault() {
        try (VaultBootFixture vaults = new VaultBootFixture()) {
            vaults.seed(VAULT, "db-password");
            vaults.seed(VAULT, "db-username");
            // Far beyond the deadline, so that giving up at the deadline and waiting for the vault cannot be confused
            // on a loaded machine (closing the emulator interrupts the answers still waiting).
            vaults.emulator.latency(Duration.ofSeconds(30));

            long started = System.nanoTime();
            String message = messageOf(() -> vaults.boot(Map.of(BOOT_TIMEOUT, "PT1S",
                    "quarkus.datasource.password", "${kv//db-password}",
                    "quarkus.datasource.username", "${kv//db-username}")), vaults.emulator.secretValues());
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            String vaultUrl = vaults.emulator.vaultUrl(VAULT);
            assertSays(message, "2 of 2 Key Vault secret reference(s) could not be resolved",
                    "Property 'quarkus.datasource.password': secret 'db-password' from vault " + vaultUrl
                            + ": no answer within fugue.keyvault.boot-timeout (PT1S), retries included.",
                    "Property 'quarkus.datasource.username': secret 'db-username'",
                    "Check that " + vaultUrl + " is reachable from here (DNS, firewall, private endpoint) or raise "
                            + "the timeout.");
            assertTrue(elapsed.compareTo(Duration.ofSeconds(10)) < 0, "boot gave up after " + elapsed);
        }
    }

    @Test
    void deadlineMessageSaysWhatTheLastAttemptHit() {
        int port = VaultBootFixture.closedPort();

        String message = messageOf(() -> VaultBootFixture.build(Map.of(ENDPOINT, "https://fugue-kv.localhost:" + port,
                BOOT_TIMEOUT, "PT1S", "quarkus.datasource.password", "${kv//db-password}"), Map.of()), List.of());

        assertSays(message, "no answer within fugue.keyvault.boot-timeout (PT1S), retries included; the last failed "
                + "attempt was connection refused by fugue-kv.localhost:" + port);
    }
}
