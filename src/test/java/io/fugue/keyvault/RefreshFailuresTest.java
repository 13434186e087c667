package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.BOOT_TIMEOUT;
import static io.fugue.keyvault.VaultBootFixture.SECOND_VAULT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.support.LogCapture;

/**
 * A refresh that fails for one secret must not stop the rotation of the others: a secret deleted or disabled after
 * boot would otherwise keep the database password and the session key from ever rotating again until a restart.
 */
class RefreshFailuresTest {

    private static final Map<String, String> BOTH = Map.of("quarkus.datasource.username", "${kv//db-username}",
            "quarkus.datasource.password", "${kv//db-password}", BOOT_TIMEOUT, "PT2S");

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @BeforeEach
    void start() {
        vaults.seed(VAULT, "db-username");
        vaults.seed(VAULT, "db-password");
    }

    @Test
    void aSecretTheVaultRefusesDoesNotHoldBackTheOthers() {
        vaults.boot(BOTH);
        SecretRefresher refresher = new SecretRefresher();
        String username = vaults.seed(VAULT, "db-username");
        String password = vaults.seed(VAULT, "db-password");

        vaults.emulator.failNext(1, 404); // whichever secret is asked about first is gone, for this once
        assertThrows(RefreshFailedException.class, refresher::refreshNow);

        boolean usernameNew = held("db-username").equals(username);
        boolean passwordNew = held("db-password").equals(password);
        assertTrue(usernameNew ^ passwordNew, "exactly the secret the vault answered for holds its new version");
        String refused = usernameNew ? "db-password" : "db-username";
        String error = refresher.lastError().orElseThrow();
        assertTrue(error.startsWith("'" + refused + "' in " + vaults.emulator.vaultUrl(VAULT)), error);
        assertTrue(error.contains("HTTP 404"), error);
        assertEquals(1, refresher.failureStreak());

        refresher.refreshNow();
        assertEquals(username, held("db-username"));
        assertEquals(password, held("db-password"));
        assertEquals(0, refresher.failureStreak());
    }

    @Test
    void aVaultThatDoesNotAnswerIsNotAskedAboutEachOfItsSecrets() {
        vaults.boot(BOTH);
        SecretRefresher refresher = new SecretRefresher();
        vaults.emulator.failNext(10_000, 500);

        assertThrows(RefreshFailedException.class, refresher::refreshNow);

        // The first secret's attempts used up the deadline; the other would only have waited as long again.
        String error = refresher.lastError().orElseThrow();
        assertTrue(error.contains("1 more secret(s) in " + vaults.emulator.vaultUrl(VAULT) + " not asked"), error);
        assertEquals(1, refresher.failureStreak());
    }

    /**
     * Transient faults are retried until the deadline, so a vault that cannot be reached holds its secrets that long.
     * Other vaults are refreshed side by side: a rotation there is picked up all the same, whichever vault comes first.
     */
    @Test
    void aVaultThatCannotBeReachedDoesNotHoldBackAnotherVault() {
        for (String failing : List.of(VAULT, SECOND_VAULT)) {
            vaults.seed(VAULT, "db-password");
            vaults.seed(SECOND_VAULT, "api-token");
            vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}", "app.token",
                    "${kv//" + SECOND_VAULT + "/api-token}", BOOT_TIMEOUT, "PT2S"));
            SecretRefresher refresher = new SecretRefresher();
            String healthy = failing.equals(VAULT) ? SECOND_VAULT : VAULT;
            String healthyName = healthy.equals(VAULT) ? "db-password" : "api-token";
            String rotated = vaults.seed(healthy, healthyName);
            vaults.emulator.failVault(failing);

            assertThrows(RefreshFailedException.class, refresher::refreshNow);

            KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
            String reference = healthy.equals(VAULT) ? "kv//db-password" : "kv//" + SECOND_VAULT + "/api-token";
            assertEquals(rotated, runtime.cache().versions(runtime.reference(reference)).orElseThrow().newest().value(),
                    () -> failing + " down");
            assertTrue(refresher.lastError().orElseThrow().contains(vaults.emulator.vaultUrl(failing)),
                    refresher.lastError()::toString);
            vaults.emulator.reset();
            runtime.close();
        }
    }

    /**
     * One deadline bounds a whole refresh: a slow vault cannot hold it (and the operations hook waiting on it) for a
     * deadline per secret. Each listing takes 4 s here: the first fits in the 6 s (with room for a loaded machine),
     * the second does not.
     */
    @Test
    void aSlowVaultHoldsARefreshForOneDeadlineNotOnePerSecret() {
        Map<String, String> properties = new HashMap<>(BOTH);
        properties.put(BOOT_TIMEOUT, "PT6S");
        vaults.boot(properties);
        SecretRefresher refresher = new SecretRefresher();
        vaults.emulator.latency(Duration.ofSeconds(4));

        assertThrows(RefreshFailedException.class, refresher::refreshNow);

        String error = refresher.lastError().orElseThrow();
        // The slow answers are no failed attempt: the deadline alone is named.
        assertTrue(error.endsWith("/: no answer within fugue.keyvault.boot-timeout"), error);
        assertEquals(1, refresher.failureStreak());
    }

    @Test
    void aFailingUserOfANewVersionDoesNotKeepTheOthersFromHearingOfIt() {
        vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}"));
        SecretRefresher refresher = new SecretRefresher();
        List<String> told = new CopyOnWriteArrayList<>();
        refresher.onChange(reference -> {
            throw new IllegalStateException("a broken user of the secret");
        });
        refresher.onChange(reference -> told.add(reference.name()));
        String password = vaults.seed(VAULT, "db-password");

        SecretRefresher.Outcome outcome = refresher.refresh();

        assertEquals(List.of("db-password"), outcome.changed());
        assertEquals(List.of("db-password"), told);
        assertEquals(password, held("db-password"));
        assertEquals(0, refresher.failureStreak());
    }

    /**
     * Every version of a secret disabled (to revoke it) leaves nothing to switch to: the cached value stays, but the
     * refresh fails for that secret and says why. It counted as a success, so health showed nothing.
     */
    @Test
    void aSecretWithEveryVersionDisabledFailsTheRefreshAndKeepsItsValue() {
        vaults.boot(BOTH);
        SecretRefresher refresher = new SecretRefresher();
        String password = held("db-password");
        String username = vaults.seed(VAULT, "db-username");
        vaults.emulator.disable(VAULT, "db-password", null);

        assertThrows(RefreshFailedException.class, refresher::refreshNow);

        String error = refresher.lastError().orElseThrow();
        assertTrue(error.startsWith("'db-password' in " + vaults.emulator.vaultUrl(VAULT) + ": no enabled version"),
                error);
        assertEquals(1, refresher.failureStreak());
        assertEquals(password, held("db-password"), "nothing enabled replaces the cached value");
        assertEquals(username, held("db-username"), "the vault's other secret is refreshed");
    }

    /**
     * An Error during a scheduled refresh (here a listener's failed assertion) counts as a failed refresh and the
     * schedule goes on. The scheduled future swallowed it: nothing was logged and health kept saying fresh.
     */
    @Test
    void anErrorInAScheduledRefreshIsAFailureAndTheScheduleGoesOn() throws InterruptedException {
        vaults.boot(Map.of("app.password", "${kv//db-password}", "fugue.keyvault.refresh-interval", "PT1S",
                BOOT_TIMEOUT, "PT2S"));
        SecretRefresher refresher = new SecretRefresher();
        AtomicInteger told = new AtomicInteger();
        refresher.onChange(reference -> {
            if (told.incrementAndGet() == 1) {
                throw new AssertionError("a listener's bug");
            }
        });
        vaults.seed(VAULT, "db-password");
        try (LogCapture log = LogCapture.of(SecretRefresher.class.getName(), Level.SEVERE)) {
            refresher.start(null);
            awaitTrue(() -> refresher.failed() >= 1, "the Error counts as a failed refresh");
            assertEquals(List.of("Key Vault refresh stopped by java.lang.AssertionError; retrying with backoff"),
                    log.messages(Level.SEVERE));

            String next = vaults.seed(VAULT, "db-password");
            awaitTrue(() -> held("db-password").equals(next), "the schedule goes on");
            awaitTrue(() -> refresher.failureStreak() == 0, "and recovers");
        } finally {
            refresher.stop();
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(50);
        }
    }

    private static String held(String name) {
        KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
        return runtime.cache().versions(runtime.reference("kv//" + name)).orElseThrow().newest().value();
    }
}
