package io.fugue.keyvault;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.testing.ManualRefreshProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** After boot, Key Vault being down or slow costs requests nothing: they are served from the cache. */
@QuarkusTest
@TestProfile(ManualRefreshProfile.class)
class VaultOutageTest {

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    @Inject
    SecretRefresher refresher;

    @AfterEach
    void vaultIsBack() {
        vault.reset();
        refresher.refreshNow();
    }

    @Test
    void anOutageKeepsRequestsWorkingAndReadinessUpWithStaleData() {
        String session = Api.newSession("outage");
        List<LogRecord> warnings = captureWarnings();

        vault.failNext(10_000, 500);
        assertThrows(RuntimeException.class, refresher::refreshNow);
        vault.reset();
        vault.dropNext(10_000);
        assertThrows(RuntimeException.class, refresher::refreshNow);

        given().cookie(COOKIE, session).when().get("/api/session").then().statusCode(200);
        Api.createNote(session, "during the outage", "still works");
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Key Vault' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Key Vault' }.data.stale", equalTo(true))
                .body("checks.find { it.name == 'Key Vault' }.data.failedRefreshesInARow", equalTo(2));
        assertEquals(1, warnings.stream().filter(r -> r.getMessage().contains("Key Vault refresh failed")).count(),
                () -> "one WARN per failure streak: " + warnings.stream().map(LogRecord::getMessage).toList());

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.matches("(?s).*fugue_keyvault_refreshes_total\\{outcome=\"failure\"} [2-9].*"), metrics);
        assertTrue(metrics.matches("(?s).*fugue_keyvault_requests_seconds_count\\{outcome=\"server_error\"} [1-9].*"));

        vault.reset();
        refresher.refreshNow();
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Key Vault' }.data.stale", equalTo(false));
    }

    @Test
    void noRequestWaitsForASlowVault() throws Exception {
        String session = Api.newSession("slow");
        vault.latency(Duration.ofSeconds(2));
        CompletableFuture<Integer> refresh = CompletableFuture.supplyAsync(refresher::refreshNow);
        Thread.sleep(200); // the refresh is now waiting for the vault

        long slowest = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            given().cookie(COOKIE, session).when().get("/api/notes").then().statusCode(200);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertTrue(!refresh.isDone(), "the refresh was still waiting for Key Vault while requests were served");
        assertTrue(slowest < Duration.ofMillis(1000).toNanos(),
                "a request took " + slowest / 1_000_000 + " ms while Key Vault answered in 2 s");
        refresh.get();
    }

    private static List<LogRecord> captureWarnings() {
        List<LogRecord> records = new ArrayList<>();
        Logger logger = Logger.getLogger(SecretRefresher.class.getName());
        logger.addHandler(new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (records) {
                        records.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        return records;
    }
}
