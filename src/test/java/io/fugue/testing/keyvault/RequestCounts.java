package io.fugue.testing.keyvault;

import java.util.Locale;
import java.util.Map;

/**
 * A snapshot of what reached the emulator since it started or since {@link KeyVaultEmulator#resetCounters()}.
 *
 * @param tokenRequests requests to the managed-identity endpoint, answered or not
 * @param challenges 401 challenges sent to requests without an {@code Authorization} header
 * @param secretGets authorized GETs of one secret (latest or a version), by lower-case secret name
 * @param listSecrets authorized "list secrets" pages
 * @param listVersions authorized "list versions" pages
 * @param sets authorized PUTs (new versions)
 * @param updates authorized PATCHes of attributes
 * @param forbidden requests refused with 403 {@code ForbiddenByRbac}
 * @param vaultRequests every request that reached a vault host, faults and challenges included
 */
public record RequestCounts(int tokenRequests, int challenges, Map<String, Integer> secretGets, int listSecrets,
        int listVersions, int sets, int updates, int forbidden, int vaultRequests) {

    public RequestCounts {
        secretGets = Map.copyOf(secretGets);
    }

    /** Authorized GETs of the named secret, any version; names compare case-insensitively. */
    public int secretGets(String name) {
        return secretGets.getOrDefault(name.toLowerCase(Locale.ROOT), 0);
    }

    /** Authorized GETs of any secret. */
    public int totalSecretGets() {
        return secretGets.values().stream().mapToInt(Integer::intValue).sum();
    }
}
