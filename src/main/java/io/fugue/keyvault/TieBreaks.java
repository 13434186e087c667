package io.fugue.keyvault;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Which version is the newest when a listing cannot tell: Key Vault gives creation times in whole seconds, so
 * versions set within one second tie, and then the vault's current version decides. Its answer for a set of tied
 * versions never changes, so it is remembered (one value download per tie, not per refresh) and used again when the
 * same versions tie again, e.g. after the version that ended the tie is disabled: disabling back through several ties
 * finds each one remembered (asking would fail, as the vault refuses a disabled current version). A tie is forgotten
 * once one of its versions has left the listing (deleted), so the memory never outgrows the secret's versions.
 */
final class TieBreaks {

    /**
     * What deciding took.
     *
     * @param newest the newest version when the listing ties; empty when it does not (its order is then clear)
     * @param fetched the vault's current version, when it had to be downloaded
     * @param listingStale the vault's current version is not in the listing: a version was set after the listing
     */
    record Decision(Optional<String> newest, Optional<CachedSecret> fetched, boolean listingStale) {
    }

    /** Per secret: each set of tied versions and the one the vault named newest. */
    private final Map<SecretReference, Map<Set<String>, String>> known = new ConcurrentHashMap<>();

    /** @param current downloads the secret's current version; asked only for a tie not seen before */
    Decision decide(SecretReference reference, List<VersionSelection.Listed> listing, Supplier<CachedSecret> current) {
        forgetDeleted(reference, listing);
        Set<String> tied = VersionSelection.tiedNewest(listing);
        if (tied.isEmpty()) {
            return new Decision(Optional.empty(), Optional.empty(), false);
        }
        Map<Set<String>, String> ties = known.computeIfAbsent(reference, ignored -> new ConcurrentHashMap<>());
        String remembered = ties.get(tied);
        if (remembered != null) {
            return new Decision(Optional.of(remembered), Optional.empty(), false);
        }
        Optional<CachedSecret> latest = Optional.ofNullable(current.get());
        if (latest.isPresent() && !tied.contains(latest.get().version())) {
            return new Decision(Optional.empty(), latest, true);
        }
        latest.ifPresent(secret -> ties.put(tied, secret.version()));
        return new Decision(latest.map(CachedSecret::version), latest, false);
    }

    private void forgetDeleted(SecretReference reference, List<VersionSelection.Listed> listing) {
        Map<Set<String>, String> ties = known.get(reference);
        if (ties != null) {
            Set<String> listed = listing.stream().map(VersionSelection.Listed::version).collect(Collectors.toSet());
            ties.keySet().removeIf(versions -> !listed.containsAll(versions));
        }
    }
}
