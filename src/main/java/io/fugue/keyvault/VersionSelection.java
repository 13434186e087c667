package io.fugue.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from a secret's version listing, which versions fugue should hold: the newest enabled one, plus, when
 * a history window is asked for, the enabled versions created within it. Disabled versions are never held, so
 * disabling a version in the vault withdraws it at the next refresh.
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
        historyWindow.ifPresent(window -> enabled.stream().skip(1)
                .filter(v -> v.createdOn() != null && !v.createdOn().isBefore(now.minus(window)))
                .forEach(v -> keep.add(v.version())));
        return keep;
    }
}
