package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.BOOT_TIMEOUT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.smallrye.config.SmallRyeConfig;

/** A vault that fails once and then answers: boot retries within its deadline and succeeds. */
class TransientFaultsBootTest {

    private static final Map<String, String> PROPERTIES = Map.of(BOOT_TIMEOUT, "PT10S",
            "quarkus.datasource.password", "${kv//db-password}");

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();
    private String password;

    @BeforeEach
    void start() {
        password = vaults.seed(VAULT, "db-password");
    }

    @Test
    void throttledThenAnswered() {
        Duration elapsed = bootThrottled(1, 1);

        assertTrue(elapsed.toMillis() >= 1000, "Retry-After: 1 was not honoured; boot took " + elapsed);
        assertEquals(1, vaults.emulator.counters().secretGets("db-password"));
    }

    @Test
    void throttlingIsWaitedOutUntilTheDeadlineNotForACountOfRetries() {
        // More refusals than a retry count would allow (the SDK's default is 3). Retry-After: 0 keeps the test short,
        // and is raised to RetryAfterFloorPolicy's floor: the retries do not hammer the vault.
        Duration elapsed = bootThrottled(12, 0);

        assertTrue(elapsed.compareTo(RetryAfterFloorPolicy.FLOOR.multipliedBy(12)) >= 0, () -> "boot took " + elapsed);
    }

    /** Boots with the next {@code times} vault requests throttled, checks it resolved, and says how long it took. */
    private Duration bootThrottled(int times, int retryAfterSeconds) {
        vaults.emulator.throttleNext(times, retryAfterSeconds);

        long started = System.nanoTime();
        SmallRyeConfig config = vaults.boot(PROPERTIES);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertEquals(password, config.getValue("quarkus.datasource.password", String.class));
        assertEquals(times, KeyVaultRuntime.current().orElseThrow().stats().count(RequestStats.Outcome.THROTTLED));
        return elapsed;
    }

    @Test
    void serverErrorThenAnswered() {
        vaults.emulator.failNext(1, 500);

        SmallRyeConfig config = vaults.boot(PROPERTIES);

        assertEquals(password, config.getValue("quarkus.datasource.password", String.class));
        assertEquals(1, KeyVaultRuntime.current().orElseThrow().stats().count(RequestStats.Outcome.SERVER_ERROR));
    }

    @Test
    void droppedConnectionThenAnswered() {
        vaults.emulator.dropNext(1);

        SmallRyeConfig config = vaults.boot(PROPERTIES);

        assertEquals(password, config.getValue("quarkus.datasource.password", String.class));
        // The dropped request, then the challenge and the GET (the JDK client may retry the drop itself).
        assertEquals(3, vaults.emulator.counters().vaultRequests());
        assertEquals(1, vaults.emulator.counters().secretGets("db-password"));
    }
}
