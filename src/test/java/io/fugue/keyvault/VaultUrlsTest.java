package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class VaultUrlsTest {

    @Test
    void endpointIsNormalisedToSchemeHostAndPort() {
        assertEquals(URI.create("https://fugue-kv.vault.azure.net/"),
                VaultUrls.normalise(URI.create("https://Fugue-KV.vault.azure.net:443")));
        assertEquals(URI.create("https://fugue-kv.localhost:8443/"),
                VaultUrls.normalise(URI.create("https://fugue-kv.localhost:8443/")));
    }

    @Test
    void plainHttpAndPathsAreRefusedNamingTheProperty() {
        ReferenceSyntaxException http = assertThrows(ReferenceSyntaxException.class,
                () -> VaultUrls.normalise(URI.create("http://fugue-kv.vault.azure.net/")));
        assertTrue(http.getMessage().contains("fugue.keyvault.endpoint must be an https URL"), http.getMessage());
        ReferenceSyntaxException path = assertThrows(ReferenceSyntaxException.class,
                () -> VaultUrls.normalise(URI.create("https://fugue-kv.vault.azure.net/secrets/x")));
        assertTrue(path.getMessage().contains("without a path"), path.getMessage());
    }

    @Test
    void anEndpointWithoutDnsSuffixCannotMapVaultNames() {
        VaultUrls urls = new VaultUrls(Optional.of(URI.create("https://localhost:8443/")));
        ReferenceSyntaxException e = assertThrows(ReferenceSyntaxException.class, () -> urls.forName("other-kv"));
        assertTrue(e.getMessage().contains("has no DNS suffix"), e.getMessage());
        // Nor does an IP address: 'other-kv' must not become https://other-kv.0.0.1:8443/.
        for (String endpoint : new String[] { "https://127.0.0.1:8443/", "https://[::1]:8443/" }) {
            VaultUrls byAddress = new VaultUrls(Optional.of(URI.create(endpoint)));
            assertThrows(ReferenceSyntaxException.class, () -> byAddress.forName("other-kv"), endpoint);
        }
    }

    @Test
    void loopbackHostsAreRecognised() {
        assertTrue(KeyVaultClients.isLoopback(URI.create("https://localhost:8443/")));
        assertTrue(KeyVaultClients.isLoopback(URI.create("https://fugue-kv.localhost:8443/")));
        assertTrue(KeyVaultClients.isLoopback(URI.create("https://127.0.0.1:8443/")));
        assertTrue(KeyVaultClients.isLoopback(URI.create("https://[::1]:8443/")));
        assertFalse(KeyVaultClients.isLoopback(URI.create("https://fugue-kv.vault.azure.net/")));
        assertFalse(KeyVaultClients.isLoopback(URI.create("https://localhost.example.com/")));
    }
}
