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
 * (a key created 13 h ago and replaced 1 h ago still signed sessions of the last 12 h). Disabled versions are never
 * held, so disabling a version in the vault withdraws it at the next refresh.
 */
final class VersionSelection {

    private VersionSelection() {
    }

    /** One entry of a version listing: no value, just what Key Vault says about the version. */
    record Listed(String version, boolean enabled, Instant createdOn) {
    }

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
        List<Listed> enabled = new ArrayList<>(listing.stream().filter(Listed::enabled).sorted(NEWEST_FIRST).toList());
        if (enabled.isEmpty()) {
            return List.of();
        }
        current.flatMap(version -> enabled.stream().filter(listed -> listed.version().equals(version)).findFirst())
                .ifPresent(newest -> {
                    enabled.remove(newest);
                    enabled.add(0, newest);
                });
        List<String> keep = new ArrayList<>();
        keep.add(enabled.get(0).version());
        historyWindow.ifPresent(window -> {
            Instant horizon = now.minus(window);
            for (int i = 1; i < enabled.size(); i++) {
                Instant successorCreated = enabled.get(i - 1).createdOn();
                if (successorCreated == null || successorCreated.isBefore(horizon)) {
                    break;
                }
                keep.add(enabled.get(i).version());
            }
        });
        return keep;
    }
}
