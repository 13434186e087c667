package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.fugue.keyvault.VersionSelection.Listed;

class VersionSelectionTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final Optional<Duration> TWELVE_HOURS = Optional.of(Duration.ofHours(12));

    private static Listed version(String id, boolean enabled, long hoursAgo) {
        return new Listed(id, enabled, NOW.minus(Duration.ofHours(hoursAgo)));
    }

    @Test
    void withoutHistoryOnlyTheNewestEnabledVersionIsHeld() {
        List<Listed> listing = List.of(version("a", true, 30), version("c", false, 1), version("b", true, 5));
        assertEquals(List.of("b"), VersionSelection.select(listing, Optional.empty(), NOW));
    }

    @Test
    void previousVersionsAreHeldWhileTheyCanHaveSignedLiveSessions() {
        // a was replaced by b 20 h ago: nothing a signed is still live. b was replaced by c 1 h ago, although b
        // itself is 20 h old: b signed sessions until 1 h ago.
        List<Listed> listing = List.of(version("a", true, 40), version("b", true, 20), version("c", true, 1));
        assertEquals(List.of("c", "b"), VersionSelection.select(listing, TWELVE_HOURS, NOW));
    }

    /**
     * Replicas sign with a version until their own refresh sees its successor, up to a refresh interval later: with
     * 12 h sessions and a 10 min interval, a version replaced 12 h 5 min ago may have signed a session that is still
     * live; one replaced 12 h 41 min ago cannot have.
     */
    @Test
    void theWindowCoversTheRefreshLagAndClockSkew() {
        Duration window = VersionSelection.historyWindow(Duration.ofHours(12), Duration.ofMinutes(10));
        assertEquals(Duration.ofHours(12).plusMinutes(10).plusSeconds(30), window);

        List<Listed> replacedInTheLag = List.of(new Listed("a", true, NOW.minus(Duration.ofHours(20))),
                new Listed("b", true, NOW.minus(Duration.ofHours(12).plusMinutes(5))));
        assertEquals(List.of("b", "a"), VersionSelection.select(replacedInTheLag, Optional.of(window), NOW));
        List<Listed> replacedBefore = List.of(new Listed("a", true, NOW.minus(Duration.ofHours(20))),
                new Listed("b", true, NOW.minus(Duration.ofHours(12).plusMinutes(41))));
        assertEquals(List.of("b"), VersionSelection.select(replacedBefore, Optional.of(window), NOW));
    }

    @Test
    void disabledVersionsAreNeverHeld() {
        List<Listed> listing = List.of(version("a", true, 3), version("b", false, 2), version("c", true, 1));
        assertEquals(List.of("c", "a"), VersionSelection.select(listing, TWELVE_HOURS, NOW));
        assertEquals(List.of(), VersionSelection.select(List.of(version("a", false, 1)), TWELVE_HOURS, NOW));
    }

    @Test
    void disablingALeakedVersionDoesNotBringBackTheOneItReplaced() {
        // a signed until b replaced it a month ago; b leaked, c replaced it now and b was disabled at once.
        List<Listed> listing = List.of(version("a", true, 24 * 60), version("b", false, 24 * 30), version("c", true, 0));
        assertEquals(List.of("c"), VersionSelection.select(listing, TWELVE_HOURS, NOW));
        // Disabling the newest does not either: b's successor was created now, but a's was not.
        List<Listed> newestDisabled = List.of(version("a", true, 24 * 60), version("b", true, 24 * 30),
                version("c", false, 0));
        assertEquals(List.of("b"), VersionSelection.select(newestDisabled, TWELVE_HOURS, NOW));
    }

    @Test
    void versionsCreatedInTheSameSecondLeaveTheNewestToTheVault() {
        // Key Vault's creation times are whole seconds: a rotation within one second ties.
        List<Listed> tie = List.of(version("old", true, 1), version("a", true, 0), version("b", true, 0));
        assertEquals(Set.of("a", "b"), VersionSelection.tiedNewest(tie));
        assertEquals(Set.of(), VersionSelection.tiedNewest(List.of(version("a", true, 1), version("b", true, 0))));
        assertEquals(Set.of(), VersionSelection.tiedNewest(List.of(version("a", false, 0), version("b", true, 0))));
        // Older versions that tie among themselves do not make the newest ambiguous.
        assertEquals(Set.of(), VersionSelection.tiedNewest(List.of(version("n", true, 0), version("a", true, 1),
                version("b", true, 1))));

        assertEquals(List.of("b", "a", "old"), VersionSelection.select(tie, TWELVE_HOURS, NOW, Optional.of("b")));
        assertEquals(List.of("a", "b", "old"), VersionSelection.select(tie, TWELVE_HOURS, NOW, Optional.of("a")));
        assertEquals(List.of("b"), VersionSelection.select(tie, Optional.empty(), NOW, Optional.of("b")));
    }
}
