package io.fugue.testing.keyvault;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A managed identity as the emulator sees it: the client (application) id that tokens carry as {@code appid}, and
 * the object id they carry as {@code oid}. The system-assigned identity's ids are fixed for the JVM run (see
 * {@link JvmShared}), because msal4j caches managed-identity tokens in a static cache that outlives any one emulator.
 */
record ManagedIdentity(String clientId, String objectId, boolean systemAssigned) {

    private static final ManagedIdentity SYSTEM = new ManagedIdentity(
            JvmShared.get("system-client-id", () -> UUID.randomUUID().toString()),
            JvmShared.get("system-object-id", () -> UUID.randomUUID().toString()), true);

    static ManagedIdentity system() {
        return SYSTEM;
    }

    static ManagedIdentity userAssigned(String clientId) {
        // A stable object id per client id, so the "Caller:" line of a 403 is the same on every request.
        UUID objectId = UUID.nameUUIDFromBytes(("oid:" + clientId).getBytes(StandardCharsets.UTF_8));
        return new ManagedIdentity(clientId, objectId.toString(), false);
    }

    /** Whether a control-API selector ({@link KeyVaultEmulator#SYSTEM_ASSIGNED} or a client id) names this identity. */
    boolean matches(String selector) {
        return (systemAssigned && KeyVaultEmulator.SYSTEM_ASSIGNED.equalsIgnoreCase(selector))
                || clientId.equalsIgnoreCase(selector);
    }
}
