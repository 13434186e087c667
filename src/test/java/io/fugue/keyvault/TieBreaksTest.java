package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.fugue.keyvault.VersionSelection.Listed;

class TieBreaksTest {

    private static final SecretReference SECRET = new SecretReference(URI.create("https://kv.vault.azure.net/"), "s", null);
    private static final Instant SECOND = Instant.parse("2026-11-30T04:00:00Z");

    private final TieBreaks tieBreaks = new TieBreaks();
    private final AtomicInteger downloads = new AtomicInteger();

    private Supplier<CachedSecret> vaultSays(String version) {
        return () -> {
            downloads.incrementAndGet();
            return new CachedSecret(SECRET, "value of " + version, version, SECOND);
        };
    }

    private static Listed at(String version, Instant created) {
        return new Listed(version, true, created);
    }

    @Test
    void aListingThatOrdersItsVersionsNeedsNoDownload() {
        TieBreaks.Decision decision = tieBreaks.decide(SECRET, List.of(at("a", SECOND.minusSeconds(1)), at("b", SECOND)),
                vaultSays("b"));

        assertEquals(Optional.empty(), decision.newest());
        assertEquals(0, downloads.get());
    }

    @Test
    void aTieIsAskedOnceAndAnsweredFromMemoryWhileTheSameVersionsTie() {
        List<Listed> tie = List.of(at("a", SECOND), at("b", SECOND));

        assertEquals(Optional.of("b"), tieBreaks.decide(SECRET, tie, vaultSays("b")).newest());
        assertEquals(Optional.of("b"), tieBreaks.decide(SECRET, tie, vaultSays("a")).newest());
        // A later version ends the tie; disabled again, the same tie is back and needs no download.
        tieBreaks.decide(SECRET, List.of(at("a", SECOND), at("b", SECOND), at("c", SECOND.plusSeconds(5))), vaultSays("c"));
        assertEquals(Optional.of("b"), tieBreaks.decide(SECRET, tie, vaultSays("a")).newest());

        assertEquals(1, downloads.get());
    }

    @Test
    void anotherTieIsAskedAgain() {
        tieBreaks.decide(SECRET, List.of(at("a", SECOND), at("b", SECOND)), vaultSays("b"));

        TieBreaks.Decision next = tieBreaks.decide(SECRET,
                List.of(at("a", SECOND), at("b", SECOND), at("c", SECOND.plusSeconds(9)), at("d", SECOND.plusSeconds(9))),
                vaultSays("d"));

        assertEquals(Optional.of("d"), next.newest());
        assertEquals(2, downloads.get());
    }

    @Test
    void disablingBackThroughTwoTiesFindsBothRemembered() {
        List<Listed> first = List.of(at("a", SECOND), at("b", SECOND));
        List<Listed> second = List.of(at("a", SECOND), at("b", SECOND), at("c", SECOND.plusSeconds(9)),
                at("d", SECOND.plusSeconds(9)));
        tieBreaks.decide(SECRET, first, vaultSays("b"));
        tieBreaks.decide(SECRET, second, vaultSays("d"));

        // c and d disabled: the vault's current version (d) is disabled, so asking it would fail.
        List<Listed> backToFirst = List.of(at("a", SECOND), at("b", SECOND), new Listed("c", false, SECOND.plusSeconds(9)),
                new Listed("d", false, SECOND.plusSeconds(9)));
        assertEquals(Optional.of("b"), tieBreaks.decide(SECRET, backToFirst, vaultSays("d")).newest());
        assertEquals(Optional.of("d"), tieBreaks.decide(SECRET, second, vaultSays("a")).newest());

        assertEquals(2, downloads.get());
    }

    @Test
    void aTieIsForgottenOnceOneOfItsVersionsIsDeleted() {
        List<Listed> tie = List.of(at("a", SECOND), at("b", SECOND));
        tieBreaks.decide(SECRET, tie, vaultSays("b"));
        tieBreaks.decide(SECRET, List.of(at("b", SECOND)), vaultSays("b"));

        // The same version ids listed again (a recovered secret) are asked about again, not answered from memory.
        assertEquals(Optional.of("a"), tieBreaks.decide(SECRET, tie, vaultSays("a")).newest());
        assertEquals(2, downloads.get());
    }

    @Test
    void aCurrentVersionMissingFromTheListingMakesItStaleAndIsNotRemembered() {
        List<Listed> tie = List.of(at("a", SECOND), at("b", SECOND));

        TieBreaks.Decision stale = tieBreaks.decide(SECRET, tie, vaultSays("c"));

        assertTrue(stale.listingStale());
        assertEquals(Optional.empty(), stale.newest());
        assertFalse(tieBreaks.decide(SECRET, tie, vaultSays("b")).listingStale());
        assertEquals(2, downloads.get());
    }
}
