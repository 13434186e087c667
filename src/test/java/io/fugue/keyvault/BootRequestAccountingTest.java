package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.SECOND_VAULT;
import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.testing.keyvault.RequestCounts;
import io.smallrye.config.SmallRyeConfig;

/**
 * What boot costs: one token for the one credential, one challenge per vault, one GET per distinct secret, one version
 * listing of the session signing key (with the GETs, for the key ring's history); and nothing at all once booted.
 */
class BootRequestAccountingTest {

    private static final Map<String, String> PROPERTIES = Map.of(
            "quarkus.datasource.username", "${kv//db-username}",
            "quarkus.datasource.password", "${kv//db-password}",
            "app.password-again", "${kv//DB-Password}",
            "quarkus.datasource.jdbc.url", "jdbc:postgresql://db:5432/fugue?user=${kv//db-username}",
            "fugue.session.signing-key", "${kv//session-signing-key}",
            "app.token", "${kv//second-kv/api-token}",
            "app.token-again", "${kv//second-kv/secrets/API-TOKEN}");

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @Test
    void oneTokenOneChallengePerVaultAndOneGetPerDistinctSecret() {
        seed();

        vaults.boot(PROPERTIES);

        RequestCounts counts = vaults.emulator.counters();
        assertEquals(1, counts.tokenRequests(), "token requests");
        assertEquals(2, counts.challenges(), "one challenge per vault");
        assertEquals(Map.of("db-username", 1, "db-password", 1, "session-signing-key", 1, "api-token", 1),
                counts.secretGets());
        assertEquals(1, counts.listVersions(), "the session signing key's versions");
        assertEquals(7, counts.vaultRequests(), "2 challenges, 4 GETs and 1 version listing, nothing else");
    }

    @Test
    void keepingTheSessionKeysHistoryAsksNothingMoreAfterBoot() throws InterruptedException {
        String previous = vaults.seed(VAULT, "session-signing-key");
        Thread.sleep(1100); // creation times are whole seconds: no tie to break
        String newest = vaults.seed(VAULT, "session-signing-key");
        vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}"));
        RequestCounts afterBoot = vaults.emulator.counters();
        assertEquals(1, afterBoot.listVersions(), afterBoot::toString);

        KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
        SecretReference key = runtime.reference("kv//session-signing-key");
        new SecretRefresher().keepHistory("fugue.session.signing-key", key, Duration.ofHours(12));

        // The listing came with boot; only the previous version's value is fetched now.
        RequestCounts counts = vaults.emulator.counters();
        assertEquals(1, counts.listVersions(), counts::toString);
        assertEquals(Map.of("session-signing-key", 2), counts.secretGets());
        assertEquals(List.of(newest, previous), runtime.cache().versions(key).orElseThrow().versions().stream()
                .map(CachedSecret::value).toList());
    }

    @Test
    void aBootListingWithoutTheFetchedVersionIsAskedForAgain() {
        vaults.seed(VAULT, "session-signing-key");
        vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}"));
        KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
        SecretReference key = runtime.reference("kv//session-signing-key");
        // As if the listing had been made just before a rotation that the GET then saw.
        runtime.takeBootListing(key).orElseThrow();
        runtime.rememberListings(Map.of(key, List.of(new VersionSelection.Listed("0123456789abcdef", true,
                Instant.now().minusSeconds(60)))));

        new SecretRefresher().keepHistory("fugue.session.signing-key", key, Duration.ofHours(12));

        RequestCounts counts = vaults.emulator.counters();
        assertEquals(2, counts.listVersions(), counts::toString);
        assertEquals(vaults.emulator.latestVersion(VAULT, "session-signing-key").orElseThrow(),
                runtime.cache().get(key).orElseThrow().version());
    }

    @Test
    void theTokenIsFetchedWhileTheFirstRequestIsStillBeingChallenged() throws Exception {
        vaults.seed(VAULT, "db-password");
        // The vault answers (its challenge too) only after this long; the identity endpoint at once.
        vaults.emulator.latency(Duration.ofSeconds(3));

        CompletableFuture<SmallRyeConfig> boot = CompletableFuture.supplyAsync(
                () -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}")));
        RequestCounts first = vaults.emulator.counters();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (first.tokenRequests() == 0 && first.challenges() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            first = vaults.emulator.counters();
        }
        boot.get(30, TimeUnit.SECONDS);

        // Waiting for the challenge first, the token request could only come after it.
        assertEquals(1, first.tokenRequests(), () -> "the token was not asked for before the challenge was answered: "
                + vaults.emulator.counters());
        assertEquals(0, first.challenges());
        RequestCounts all = vaults.emulator.counters();
        assertEquals(1, all.tokenRequests(), "still one token request");
        assertEquals(1, all.challenges());
        assertEquals(Map.of("db-password", 1), all.secretGets());
    }

    @Test
    void theOtherSecretsGoOutWithTheFirstOnesAuthorizedRequestNotAfterItsAnswer() throws Exception {
        Map<String, String> values = Map.of("db-username", vaults.seed(VAULT, "db-username"),
                "db-password", vaults.seed(VAULT, "db-password"), "api-token", vaults.seed(VAULT, "api-token"));
        // Every vault answer, the challenge too, takes this long; a request is counted as it arrives.
        vaults.emulator.latency(Duration.ofSeconds(2));

        CompletableFuture<SmallRyeConfig> boot = CompletableFuture.supplyAsync(() -> vaults.boot(Map.of(
                "app.a", "${kv//db-username}", "app.b", "${kv//db-password}", "app.c", "${kv//api-token}")));
        RequestCounts arrived = vaults.emulator.counters();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        // The challenged request, then the first one again with its token and the other two.
        while (arrived.vaultRequests() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            arrived = vaults.emulator.counters();
        }
        SmallRyeConfig config = boot.get(30, TimeUnit.SECONDS);

        assertEquals(4, arrived.vaultRequests(), arrived::toString);
        assertEquals(1, arrived.challenges(), arrived::toString);
        assertEquals(0, arrived.totalSecretGets(),
                () -> "the other secrets waited for the first one's answer: " + vaults.emulator.counters());
        assertEquals(values.get("db-password"), config.getValue("app.b", String.class));
        RequestCounts all = vaults.emulator.counters();
        assertEquals(1, all.tokenRequests(), all::toString);
        assertEquals(Map.of("db-username", 1, "db-password", 1, "api-token", 1), all.secretGets());
        assertEquals(4, all.vaultRequests(), all::toString);
    }

    @Test
    void readsAfterBootAskNothing() {
        Map<String, String> values = seed();
        SmallRyeConfig config = vaults.boot(PROPERTIES);
        RequestCounts afterBoot = vaults.emulator.counters();

        for (int i = 0; i < 100; i++) {
            for (String property : PROPERTIES.keySet()) {
                config.getValue(property, String.class);
            }
        }

        assertEquals(afterBoot, vaults.emulator.counters());
        assertEquals(values.get("db-password"), config.getValue("app.password-again", String.class));
        assertEquals(values.get("api-token"), config.getValue("app.token-again", String.class));
    }

    private Map<String, String> seed() {
        return Map.of("db-username", vaults.seed(VAULT, "db-username"),
                "db-password", vaults.seed(VAULT, "db-password"),
                "session-signing-key", vaults.seed(VAULT, "session-signing-key"),
                "api-token", vaults.seed(SECOND_VAULT, "api-token"));
    }
}
