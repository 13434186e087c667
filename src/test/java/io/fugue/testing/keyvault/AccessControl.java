package io.fugue.testing.keyvault;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Which identities the vaults refuse, as RBAC would when a role assignment is missing. */
final class AccessControl {

    private final Set<String> denied = ConcurrentHashMap.newKeySet();

    void deny(String selector) {
        denied.add(normalise(selector));
    }

    void allow(String selector) {
        denied.remove(normalise(selector));
    }

    boolean isDenied(ManagedIdentity identity) {
        return denied.stream().anyMatch(identity::matches);
    }

    void reset() {
        denied.clear();
    }

    private static String normalise(String selector) {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("Name an identity: a client id or KeyVaultEmulator.SYSTEM_ASSIGNED");
        }
        return selector.trim().toLowerCase(Locale.ROOT);
    }
}
