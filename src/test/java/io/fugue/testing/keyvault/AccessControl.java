package io.fugue.testing.keyvault;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which identities the vaults refuse, as RBAC would when a role assignment is missing; and whether their network rules
 * refuse every caller, as a firewall that does not list the client's address would.
 */
final class AccessControl {

    private final Set<String> denied = ConcurrentHashMap.newKeySet();
    private volatile boolean firewallClosed;

    void firewall(boolean closed) {
        firewallClosed = closed;
    }

    boolean isFirewallClosed() {
        return firewallClosed;
    }

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
        firewallClosed = false;
    }

    private static String normalise(String selector) {
        if (selector == null || selector.isBlank()) {
            throw new IllegalArgumentException("Name an identity: a client id or KeyVaultEmulator.SYSTEM_ASSIGNED");
        }
        return selector.trim().toLowerCase(Locale.ROOT);
    }
}
