package io.fugue.operations;

import static io.fugue.support.Problems.assertProblem;
import static io.fugue.testing.keyvault.KeyVaultEmulatorResource.DB_PASSWORD;
import static io.fugue.testing.keyvault.KeyVaultEmulatorResource.VAULT;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.fugue.support.Api;
import io.fugue.support.Operations;
import io.fugue.testing.ManualRefreshProfile;
import io.fugue.testing.keyvault.InjectKeyVaultEmulator;
import io.fugue.testing.keyvault.KeyVaultEmulator;
import io.fugue.testing.secrets.SecretLeakScanner;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The operations hook: reachable on its own loopback port only, never through the public API; it refreshes the
 * secrets and flushes the pool, says what it did without a secret value, and answers a problem when Key Vault fails.
 * In the application where secrets refresh only when asked, as it changes a secret's version.
 */
@QuarkusTest
@TestProfile(ManualRefreshProfile.class)
class OperationsHookTest {

    @InjectKeyVaultEmulator
    KeyVaultEmulator vault;

    @AfterEach
    void vaultIsBack() {
        vault.reset();
        Operations.refresh().then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = { "/keyvault/refresh", "/datasource/flush" })
    void theHookIsNotOnThePublicPort(String path) {
        assertProblem(given().when().post(path).then(), 404);
        assertProblem(given().when().post("/q" + path).then(), 404);
    }

    @Test
    void theHookListensOnLoopbackOnly() {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        assertThrows(IOException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(external.get(), Operations.port()), 2000);
            }
        }, "the operations port answers on " + external.get());
    }

    @Test
    void refreshSaysWhatChangedByNameAndNeverAValue() {
        vault.setSecret(VAULT, DB_PASSWORD, vault.latestValue(VAULT, DB_PASSWORD).orElseThrow());
        String answer = Operations.refresh().then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-store")
                .body("active", equalTo(true))
                .body("secretsChecked", equalTo(3))
                .body("changed", equalTo(List.of(DB_PASSWORD)))
                .body("lastSuccessfulRefresh", notNullValue())
                // db-password's development value is too short for the leak scan to search: no field can hold one.
                .body("keySet()", equalTo(Set.of("active", "secretsChecked", "changed", "lastSuccessfulRefresh")))
                .extract().asString();
        assertNoSecretValueIn(answer);

        Operations.refresh().then().statusCode(200).body("changed", equalTo(List.of()));
    }

    @Test
    void aVaultFailureIsAProblemThatSaysWhy() {
        vault.failNext(10_000, 500);
        String answer = assertProblem(Operations.refresh().then(), 503)
                .body("type", equalTo("urn:fugue:problem:key-vault-unavailable"))
                .body("detail", containsString("HTTP 500"))
                .body("detail", containsString(" in " + vault.vaultUrl(VAULT) + ": "))
                .body("detail", containsString("keep their cached values"))
                .extract().asString();
        assertNoSecretValueIn(answer);
        // Requests keep being served from the cache meanwhile.
        Api.newSession("opsfail");
    }

    @Test
    void flushKeepsTheServiceWorking() {
        String session = Api.newSession("flush");
        Operations.request().when().post("/datasource/flush").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("mode", equalTo("graceful"));
        Api.createNote(session, "after a flush", "the pool reconnected");
    }

    /**
     * Loopback alone does not keep a browser out: a web page can POST to 127.0.0.1 (it sends Origin), and a DNS name
     * rebound to 127.0.0.1 can read the answer (its Host is that name). Neither reaches an action.
     */
    @Test
    void aBrowsersRequestIsRefused() {
        vault.resetCounters();
        assertProblem(Operations.request().header("Origin", "https://evil.example").when().post("/keyvault/refresh")
                .then(), 403);
        assertProblem(Operations.request().header("Host", "rebound.example:9090").when().post("/keyvault/refresh")
                .then(), 403);
        assertProblem(Operations.request().header("Origin", "null").when().post("/datasource/flush").then(), 403);
        assertEquals(0, vault.counters().vaultRequests(), "no refresh ran");
        Operations.request().header("Host", "localhost").when().post("/keyvault/refresh").then().statusCode(200);
    }

    @Test
    void aVaultFailureSaysWhenToRetry() {
        vault.failNext(10_000, 500);
        assertProblem(Operations.refresh().then(), 503).header("Retry-After", "30");
    }

    @ParameterizedTest
    @ValueSource(strings = { "0.0.0.0", "10.1.2.3", "::", "example.invalid" })
    void aListenerOutsideLoopbackIsRefusedAtStart(String host) {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> OperationsServer.requireLoopback(host));
        assertTrue(refused.getMessage().startsWith("fugue.operations.host must be a loopback address"),
                refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = { "127.0.0.1", "localhost", "::1" })
    void aLoopbackListenerIsAccepted(String host) {
        OperationsServer.requireLoopback(host);
    }

    @Test
    void unknownPathsAndMethodsGetProblems() {
        assertProblem(Operations.request().when().post("/nope").then(), 404);
        assertProblem(Operations.request().when().get("/keyvault/refresh").then(), 405);
        assertProblem(Operations.request().when().get("/q/health/ready").then(), 404);
    }

    /** As the suite's leak scan: shorter values ("fugue", the development password) are words, not secrets. */
    private void assertNoSecretValueIn(String answer) {
        for (String value : vault.secretValues()) {
            assertFalse(value.length() >= SecretLeakScanner.MIN_LENGTH && answer.contains(value),
                    "an operations answer holds a secret value");
        }
    }

    private static Optional<InetAddress> nonLoopbackAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                        if (address instanceof Inet4Address) {
                            return Optional.of(address);
                        }
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
