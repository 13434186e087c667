package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.azure.core.exception.HttpResponseException;
import com.azure.security.keyvault.secrets.SecretClient;

/** Injected faults as the real SDK experiences them: it retries, honours Retry-After, and recovers. */
class KeyVaultEmulatorFaultsTest {

    private EmulatorFixture fixture;
    private KeyVaultEmulator emulator;
    private SecretClient client;

    @BeforeEach
    void start() {
        fixture = new EmulatorFixture();
        emulator = fixture.emulator;
        emulator.setSecret(EmulatorFixture.VAULT, "db-password", "fugue");
        client = fixture.client(EmulatorFixture.VAULT, UUID.randomUUID().toString());
        // Challenge and token first, so that each test's fault hits an authorized GET.
        assertEquals("fugue", client.getSecret("db-password").getValue());
        emulator.resetCounters();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void throttledRequestIsRetriedAfterRetryAfter() {
        emulator.throttleNext(1, 1);

        long started = System.nanoTime();
        assertEquals("fugue", client.getSecret("db-password").getValue());
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

        assertTrue(elapsed.toMillis() >= 900, "waited " + elapsed + ", not the 1 s of Retry-After");
        assertEquals(2, emulator.counters().vaultRequests());
        assertEquals(1, emulator.counters().secretGets("db-password"));
    }

    @Test
    void serverErrorIsRetried() {
        emulator.failNext(1, 500);

        assertEquals("fugue", client.getSecret("db-password").getValue());
        assertEquals(2, emulator.counters().vaultRequests());
    }

    @Test
    void droppedConnectionIsRetried() {
        emulator.dropNext(1);

        assertEquals("fugue", client.getSecret("db-password").getValue());
        assertEquals(2, emulator.counters().vaultRequests());
        assertEquals(1, emulator.counters().secretGets("db-password"));
    }

    @Test
    void persistentFailureSurfacesAfterTheRetries() {
        emulator.failNext(10, 503);

        HttpResponseException error = assertThrows(HttpResponseException.class, () -> client.getSecret("db-password"));
        assertEquals(503, error.getResponse().getStatusCode());
        assertEquals(4, emulator.counters().vaultRequests(), "one try and three retries");
    }

    @Test
    void faultsApplyInTheOrderTheyWereAsked() {
        emulator.failNext(1, 500);
        emulator.dropNext(1);
        emulator.failNext(1, 502);

        assertEquals("fugue", client.getSecret("db-password").getValue());
        assertEquals(4, emulator.counters().vaultRequests());
    }

    @Test
    void latencyDelaysEveryVaultRequest() {
        emulator.latency(Duration.ofMillis(300));

        long started = System.nanoTime();
        client.getSecret("db-password");
        client.getSecret("db-password");

        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() >= 600);
    }

    @Test
    void resetClearsFaultsAndDenials() {
        emulator.throttleNext(5, 30);
        emulator.failNext(5, 500);
        emulator.latency(Duration.ofSeconds(30));
        emulator.deny(KeyVaultEmulator.SYSTEM_ASSIGNED);

        emulator.reset();

        assertEquals("fugue", client.getSecret("db-password").getValue());
        assertEquals("fugue", fixture.client(EmulatorFixture.VAULT, null).getSecret("db-password").getValue());
    }

    @Test
    void failedTokenRequestIsRetriedByTheIdentityLibrary() {
        emulator.failNextTokenRequests(1, 500);
        SecretClient newIdentity = fixture.client(EmulatorFixture.VAULT, UUID.randomUUID().toString());

        assertEquals("fugue", newIdentity.getSecret("db-password").getValue());
        assertEquals(2, emulator.counters().tokenRequests());
    }
}
