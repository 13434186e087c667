package io.fugue.keyvault;

import static io.fugue.keyvault.VaultBootFixture.VAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The previous session key stays held for as long as something it signed can live: a replica signs with it until its
 * own refresh sees the successor, up to a refresh interval after the successor was created, and a session it signs
 * then lives for max-age from there.
 */
class HistoryWindowTest {

    @RegisterExtension
    final VaultBootFixture vaults = new VaultBootFixture();

    /** The window's arithmetic is in VersionSelectionTest; here, that startup holds past max-age through the vault. */
    @Test
    void aVersionReplacedMoreThanMaxAgeAgoIsStillHeldDuringTheRefreshLag() throws InterruptedException {
        vaults.seed(VAULT, "session-signing-key");
        String previous = vaults.emulator.latestVersion(VAULT, "session-signing-key").orElseThrow();
        vaults.seed(VAULT, "session-signing-key");
        String newest = vaults.emulator.latestVersion(VAULT, "session-signing-key").orElseThrow();
        vaults.boot(Map.of("fugue.session.signing-key", "${kv//session-signing-key}",
                "fugue.keyvault.refresh-interval", "PT1M"));
        SecretReference reference = KeyVaultRuntime.current().orElseThrow().reference("kv//session-signing-key");
        // Sessions live for 2 s here; the successor is older than that, but replicas refreshing once a minute may
        // have signed with the previous version until just now.
        Thread.sleep(3_500);

        new SecretRefresher().keepHistory("fugue.session.signing-key", reference, Duration.ofSeconds(2));

        assertEquals(List.of(newest, previous),
                KeyVaultRuntime.current().orElseThrow().cache().versions(reference).orElseThrow().versionIds());
    }

    /**
     * A vault that lets the identity read secrets but not list their versions (an access policy with 'get' only)
     * fails startup with the boot's kind of message, not the SDK's exception.
     */
    @Test
    void aListingTheVaultRefusesSaysWhichPropertyAndWhatToGrant() {
        vaults.seed(VAULT, "session-signing-key");
        // Under another property, boot does not list the versions along with its GETs: the startup lists them.
        vaults.boot(Map.of("app.signing-key", "${kv//session-signing-key}"));
        SecretReference reference = KeyVaultRuntime.current().orElseThrow().reference("kv//session-signing-key");
        vaults.emulator.failNext(1, 403);

        KeyVaultResolutionException failure = assertThrows(KeyVaultResolutionException.class,
                () -> new SecretRefresher().keepHistory("app.signing-key", reference, Duration.ofHours(12)));

        BootFailures.assertSays(failure.getMessage(), "Property 'app.signing-key': secret 'session-signing-key' from vault "
                + vaults.emulator.vaultUrl(VAULT), "HTTP 403", "'get' and 'list' secret permissions",
                "while listing its versions");
    }
}
