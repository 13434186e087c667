package io.fugue.keyvault;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.AppLog;
import io.fugue.support.Metrics;
import io.fugue.support.Operations;
import io.fugue.testing.ManualRefreshProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulatorResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * After boot, Key Vault being down or slow costs requests nothing: they are served from the cache. Refreshes are
 * asked for through the operations hook, as an operator would.
 */
@QuarkusTest
@TestProfile(ManualRefreshProfile.class)
class VaultOutageTest {

    /** The start of the WARN that opens a failure streak (the following failures of the streak log at DEBUG). */
    static final String STREAK_WARNING = "Key Vault refresh failed (";
    private static final String FAILED_REFRESHES = "fugue_keyvault_refreshes_total{outcome=\"failure\"}";
    private static final String SERVER_ERRORS = "fugue_keyvault_requests_seconds_count{outcome=\"server_error\"}";

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    /** Here the application runs in this JVM: the refresher's records, as they are published. */
    protected AppLog watchAppLog() {
        return AppLog.inThisJvm(SecretRefresher.class.getName());
    }

    @AfterEach
    void vaultIsBack() {
        vault.reset();
        Operations.refresh().then().statusCode(200);
    }

    @Test
    void anOutageKeepsRequestsWorkingAndReadinessUpWithStaleData() {
        String session = Api.newSession("outage");
        double failedRefreshes = Metrics.value(FAILED_REFRESHES);
        double serverErrors = Metrics.value(SERVER_ERRORS);
        try (AppLog log = watchAppLog()) {
            vault.failNext(10_000, 500);
            Operations.refresh().then().statusCode(503)
                    .body("type", equalTo("urn:fugue:problem:key-vault-unavailable"))
                    .body("detail", containsString("HTTP 500"));
            vault.reset();
            vault.dropNext(10_000);
            Operations.refresh().then().statusCode(503)
                    .body("type", equalTo("urn:fugue:problem:key-vault-unavailable"));

            given().cookie(COOKIE, session).when().get("/api/session").then().statusCode(200);
            Api.createNote(session, "during the outage", "still works");
            given().when().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 'Key Vault' }.status", equalTo("UP"))
                    .body("checks.find { it.name == 'Key Vault' }.data.stale", equalTo(true))
                    .body("checks.find { it.name == 'Key Vault' }.data.failedRefreshesInARow", equalTo(2))
                    // Readiness is public: how many failures, not the vault, its secrets or the answers.
                    .body("checks.find { it.name == 'Key Vault' }.data.lastError", nullValue())
                    .body(not(containsString(vault.vaultUrl(KeyVaultEmulatorResource.VAULT))));
            List<String> warnings = log.lines(Level.WARNING, STREAK_WARNING);
            assertEquals(1, warnings.size(), () -> "one WARN per failure streak: " + warnings);
        }

        assertEquals(2, Metrics.value(FAILED_REFRESHES) - failedRefreshes, "both failed refreshes are counted");
        assertTrue(Metrics.value(SERVER_ERRORS) > serverErrors, "the vault's 500s are counted");

        vault.reset();
        Operations.refresh().then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Key Vault' }.data.stale", equalTo(false));
    }

    @Test
    void noRequestWaitsForASlowVault() throws Exception {
        String session = Api.newSession("slow");
        vault.latency(Duration.ofSeconds(2));
        int before = vault.counters().vaultRequests();
        CompletableFuture<Integer> refresh = CompletableFuture.supplyAsync(() -> Operations.refresh().statusCode());
        // The emulator counts a request before its latency: the refresh is then waiting for the vault.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (vault.counters().vaultRequests() == before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(vault.counters().vaultRequests() > before, "the refresh reached the vault");

        long slowest = 0;
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            given().cookie(COOKIE, session).when().get("/api/notes").then().statusCode(200);
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertFalse(refresh.isDone(), "the refresh was still waiting for Key Vault while requests were served");
        assertTrue(slowest < Duration.ofMillis(1000).toNanos(),
                "a request took " + slowest / 1_000_000 + " ms while Key Vault answered in 2 s");
        assertEquals(200, refresh.get(), "the slow refresh succeeded in the end");
    }
}
