package io.fugue.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides, from a secret's version listing, which versions fugue should hold: the newest enabled one, plus, when
 * a history window is asked for, the older enabled versions that can still have signed something live. A version
 * was in use until the next one was created, so it is held while its successor was created within the window
 * (a key created 13 h ago and replaced 1 h ago still signed sessions of the last 12 h); its successor is the next
 * version created, enabled or not. Disabled versions are never held, so disabling a version in the vault withdraws it
 * at the next refresh.
 */
final class VersionSelection {

    private VersionSelection() {
    }

    /** One entry of a version listing: no value, just what Key Vault says about the version. */
    record Listed(String version, boolean enabled, Instant createdOn) {
    }

    /** As session verification allows between this clock and the signer's. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private static final Comparator<Listed> NEWEST_FIRST = Comparator
            .comparing(Listed::createdOn, Comparator.nullsFirst(Comparator.naturalOrder())).reversed();

    /**
     * The enabled versions that share the newest creation time, when there are several: Key Vault gives creation
     * times in whole seconds, so two versions set within one second tie (and a rotation script can well do that),
     * and the listing alone cannot tell which is the newest.
     *
     * @return the tied versions; empty when the newest enabled version is unambiguous
     */
    static Set<String> tiedNewest(List<Listed> listing) {
        List<Listed> enabled = listing.stream().filter(Listed::enabled).sorted(NEWEST_FIRST).toList();
        if (enabled.size() < 2 || !Objects.equals(enabled.get(0).createdOn(), enabled.get(1).createdOn())) {
            return Set.of();
        }
        return enabled.stream().filter(listed -> Objects.equals(listed.createdOn(), enabled.get(0).createdOn()))
                .map(Listed::version).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * How long after its successor was created a version can still have signed something that lives for
     * {@code liveFor}: a replica signs with it until its own refresh sees the successor, up to a refresh interval
     * later, and the vault's clock is not this one.
     */
    static Duration historyWindow(Duration liveFor, Duration refreshInterval) {
        return liveFor.plus(refreshInterval).plus(CLOCK_SKEW);
    }

    /** @return the versions to hold, newest first; empty when no version is enabled */
    static List<String> select(List<Listed> listing, Optional<Duration> historyWindow, Instant now) {
        return select(listing, historyWindow, now, Optional.empty());
    }

    /**
     * As {@link #select(List, Optional, Instant)}, with the newest version known from the vault itself (its current
     * version), for when the listing alone cannot tell ({@link #tiedNewest}).
     */
    static List<String> select(List<Listed> listing, Optional<Duration> historyWindow, Instant now,
            Optional<String> current) {
        // All versions, disabled ones too: a version stopped signing when the next one was created, whatever became
        // of that one since (a leaked version disabled later must not bring back the one it replaced long ago).
        List<Listed> byAge = new ArrayList<>(listing.stream().sorted(NEWEST_FIRST).toList());
        current.flatMap(version -> byAge.stream().filter(listed -> listed.enabled() && listed.version().equals(version))
                .findFirst()).ifPresent(newest -> {
                    byAge.remove(newest);
                    byAge.add(firstOfSecond(byAge, newest.createdOn()), newest);
                });
        int newest = 0;
        while (newest < byAge.size() && !byAge.get(newest).enabled()) {
            newest++;
        }
        if (newest == byAge.size()) {
            return List.of();
        }
        List<String> keep = new ArrayList<>();
        keep.add(byAge.get(newest).version());
        if (historyWindow.isPresent()) {
            Instant horizon = now.minus(historyWindow.get());
            for (int i = newest + 1; i < byAge.size(); i++) {
                Instant successorCreated = byAge.get(i - 1).createdOn();
                if (successorCreated == null || successorCreated.isBefore(horizon)) {
                    break;
                }
                if (byAge.get(i).enabled()) {
                    keep.add(byAge.get(i).version());
                }
            }
        }
        return keep;
    }

    /** Where the versions created at {@code created} begin in a newest-first list (its end when there are none). */
    private static int firstOfSecond(List<Listed> byAge, Instant created) {
        int index = 0;
        while (index < byAge.size() && !Objects.equals(byAge.get(index).createdOn(), created)) {
            index++;
        }
        return index;
    }
}
