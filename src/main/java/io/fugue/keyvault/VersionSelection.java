package io.fugue.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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

    /** @return the versions to hold, newest first; empty when no version is enabled */
    static List<String> select(List<Listed> listing, Optional<Duration> historyWindow, Instant now) {
        List<Listed> enabled = new ArrayList<>(listing.stream().filter(Listed::enabled).toList());
        enabled.sort(Comparator.comparing(Listed::createdOn, Comparator.nullsFirst(Comparator.naturalOrder()))
                .reversed());
        if (enabled.isEmpty()) {
            return List.of();
        }
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
