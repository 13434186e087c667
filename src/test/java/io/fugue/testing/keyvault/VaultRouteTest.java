package io.fugue.testing.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.fugue.testing.keyvault.VaultRoute.Operation;

class VaultRouteTest {

    @Test
    void routesTheSecretsApi() {
        assertEquals(new VaultRoute(Operation.LIST_SECRETS, null, null), VaultRoute.of("GET", "/secrets"));
        assertEquals(new VaultRoute(Operation.LIST_SECRETS, null, null), VaultRoute.of("GET", "/secrets/"));
        assertEquals(new VaultRoute(Operation.GET, "db-password", null), VaultRoute.of("GET", "/secrets/db-password"));
        assertEquals(new VaultRoute(Operation.GET, "db-password", null), VaultRoute.of("GET", "/secrets/db-password/"));
        assertEquals(new VaultRoute(Operation.GET, "db-password", "abc"), VaultRoute.of("GET", "/secrets/db-password/abc"));
        assertEquals(new VaultRoute(Operation.LIST_VERSIONS, "db-password", null),
                VaultRoute.of("GET", "/secrets/db-password/versions"));
        assertEquals(new VaultRoute(Operation.SET, "db-password", null), VaultRoute.of("PUT", "/secrets/db-password"));
        assertEquals(new VaultRoute(Operation.UPDATE, "db-password", "abc"),
                VaultRoute.of("PATCH", "/secrets/db-password/abc"));
    }

    @Test
    void refusesWhatIsNotTheSecretsApi() {
        assertEquals(Operation.UNKNOWN, VaultRoute.of("GET", "/keys/k").operation());
        assertEquals(Operation.UNKNOWN, VaultRoute.of("GET", "/secrets/a/b/c").operation());
        assertEquals(Operation.METHOD_NOT_ALLOWED, VaultRoute.of("DELETE", "/secrets/a").operation());
        assertEquals(Operation.METHOD_NOT_ALLOWED, VaultRoute.of("PUT", "/secrets/a/abc").operation());
        assertEquals(Operation.METHOD_NOT_ALLOWED, VaultRoute.of("POST", "/secrets").operation());
    }
}
