package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.fugue.testing.keyvault.RequestCounts;
import io.smallrye.config.SecretKeys;
import io.smallrye.config.SmallRyeConfig;

/**
 * Key Vault's creation times are whole seconds. Two versions set within one second (a rotation script that fixes a
 * typo at once) must still leave the refresh holding the one set last, never the one it replaced.
 */
class SameSecondRotationTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    @BeforeEach
    void start() {
        vaults.seed(VAULT, "db-password");
    }

    @Test
    void theVersionSetLastWinsATieOfCreationSeconds() throws Exception {
        SmallRyeConfig config = vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}"));
        SecretRefresher refresher = new SecretRefresher();

        for (int attempt = 0; attempt < 3; attempt++) {
            String last = setTwoVersionsWithinOneSecond(attempt);

            refresher.refreshNow();

            assertEquals(last, heldValue());
            assertEquals(vaults.emulator.latestValue(VAULT, "db-password").orElseThrow(),
                    SecretKeys.doUnlocked(() -> config.getValue("quarkus.datasource.password", String.class)));
        }
    }

    @Test
    void aTieTheVaultHasBrokenIsNotAskedAboutAgain() throws Exception {
        BrokenTie tie = bootWithABrokenTie();
        vaults.emulator.resetCounters();

        tie.refresher().refreshNow();
        tie.refresher().refreshNow();

        // Metadata only: the versions are listed, no value is downloaded while the same versions tie.
        RequestCounts counts = vaults.emulator.counters();
        assertEquals(2, counts.listVersions());
        assertEquals(0, counts.secretGets("db-password"));
        assertEquals(tie.newest(), heldValue());
    }

    @Test
    void disablingTheVersionThatEndedATieBringsBackTheTiesNewest() throws Exception {
        BrokenTie tie = bootWithABrokenTie();
        SecretRefresher refresher = tie.refresher();
        Thread.sleep(1_100); // the next version in a second of its own
        String rollback = vaults.emulator.setSecret(VAULT, "db-password", VaultBootFixture.unguessable("rollback"));
        refresher.refreshNow();
        vaults.emulator.disable(VAULT, "db-password", rollback);

        // The vault's current version is now disabled, so it cannot be asked which of the tie is newer.
        refresher.refreshNow();

        assertEquals(tie.newest(), heldValue());
    }

    @Test
    void disablingBackThroughTwoTiesBringsBackTheFirstTiesNewest() throws Exception {
        BrokenTie first = bootWithABrokenTie();
        Thread.sleep(1_100); // the second tie in a second of its own
        setTwoVersionsWithinOneSecond(1);
        first.refresher().refreshNow();
        Set<String> second = VersionSelection.tiedNewest(
                KeyVaultRuntime.current().orElseThrow().fetcher().listVersions(reference()).block());
        second.forEach(version -> vaults.emulator.disable(VAULT, "db-password", version));

        // The vault's current version is disabled: only the first tie's remembered answer can decide.
        first.refresher().refreshNow();

        assertEquals(first.newest(), heldValue());
    }

    @Test
    void aVersionSetAfterBootsListingIsNotLeftToTheListingsOrder() throws Exception {
        while (Instant.now().getNano() > 200_000_000) {
            Thread.sleep(20);
        }
        vaults.seed(VAULT, "session-signing-key");
        vaults.seed(VAULT, "session-signing-key");
        // Boot lists the session key's versions along with its GETs (SecretRefresher.HISTORY_PROPERTIES).
        vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}"));
        KeyVaultRuntime runtime = KeyVaultRuntime.current().orElseThrow();
        SecretReference reference = runtime.reference("kv//session-signing-key");
        assumeTrue(!VersionSelection.tiedNewest(runtime.fetcher().listVersions(reference).block()).isEmpty(),
                "the two versions did not fall within one second");
        String newer = vaults.seed(VAULT, "session-signing-key");

        new SecretRefresher().keepHistory("fugue.session.signing-key", reference, Duration.ofHours(1));

        assertEquals(newer, runtime.cache().versions(reference).orElseThrow().newest().value());
    }

    /** The refresher of a boot with {@code db-password}, after it held the newer of two versions set in one second. */
    private record BrokenTie(SecretRefresher refresher, String newest) {
    }

    private BrokenTie bootWithABrokenTie() throws InterruptedException {
        vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}"));
        SecretRefresher refresher = new SecretRefresher();
        String newest = setTwoVersionsWithinOneSecond(0);
        refresher.refreshNow();
        return new BrokenTie(refresher, newest);
    }

    /**
     * A replica that starts after the version that ended a tie was disabled cannot tell which of the tie is newer
     * (only the running replicas asked the vault when they could): it fails boot on the vault's 403 rather than
     * guess by the listing's order, which may pick the other password.
     */
    @Test
    void aBootThatWouldHaveToBreakATieByListingOrderFailsInstead() throws Exception {
        bootWithABrokenTie();
        Thread.sleep(1_100); // the next version in a second of its own
        String leaked = vaults.emulator.setSecret(VAULT, "db-password", VaultBootFixture.unguessable("leaked"));
        vaults.emulator.disable(VAULT, "db-password", vaults.emulator.latestVersion(VAULT, "db-password").orElseThrow());

        String message = BootFailures.messageOf(
                () -> vaults.boot(Map.of("quarkus.datasource.password", "${kv//db-password}")),
                List.of(leaked));

        BootFailures.assertSays(message, "secret 'db-password'", "HTTP 403 Forbidden/SecretDisabled");
    }

    /**
     * Sets two versions within one second (right after a second begins) and checks, in the vault's own listing, that
     * their creation times tie; tries again in the next second if they did not.
     *
     * @return the value set last
     */
    private String setTwoVersionsWithinOneSecond(int attempt) throws InterruptedException {
        for (int tries = 0; tries < 5; tries++) {
            while (Instant.now().getNano() > 200_000_000) {
                Thread.sleep(20);
            }
            vaults.emulator.setSecret(VAULT, "db-password", "first-of-the-second-" + attempt);
            String last = "second-of-the-second-" + attempt;
            vaults.emulator.setSecret(VAULT, "db-password", last);
            List<VersionSelection.Listed> listing = KeyVaultRuntime.current().orElseThrow().fetcher()
                    .listVersions(reference()).block();
            if (!VersionSelection.tiedNewest(listing).isEmpty()) {
                return last;
            }
        }
        throw new AssertionError("no two versions were set within one second in 5 tries");
    }

    private static String heldValue() {
        return KeyVaultRuntime.current().orElseThrow().cache().versions(reference()).orElseThrow().newest().value();
    }

    private static SecretReference reference() {
        return KeyVaultRuntime.current().orElseThrow().reference("kv//db-password");
    }
}
