package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ChallengeScopesTest {

    @Test
    void eachCloudsVaultsAreChallengedForTheirSuffix() {
        assertEquals(Optional.of("https://vault.azure.net/.default"),
                ChallengeScopes.expected(URI.create("https://fugue-kv.vault.azure.net/")));
        assertEquals(Optional.of("https://vault.azure.net/.default"),
                ChallengeScopes.expected(URI.create("https://Fugue-KV.Vault.Azure.Net:443/")));
        assertEquals(Optional.of("https://vault.azure.cn/.default"),
                ChallengeScopes.expected(URI.create("https://fugue-kv.vault.azure.cn/")));
        assertEquals(Optional.of("https://vault.usgovcloudapi.net/.default"),
                ChallengeScopes.expected(URI.create("https://fugue-kv.vault.usgovcloudapi.net/")));
    }

    @Test
    void aLoopbackEmulatorIsTakenForThePublicCloud() {
        assertEquals(Optional.of("https://vault.azure.net/.default"),
                ChallengeScopes.expected(URI.create("https://fugue-kv.localhost:8443/")));
        assertEquals(Optional.of("https://vault.azure.net/.default"),
                ChallengeScopes.expected(URI.create("https://127.0.0.1:8443/")));
    }

    @Test
    void anyOtherHostGetsNoGuess() {
        assertEquals(Optional.empty(), ChallengeScopes.expected(URI.create("https://secrets.example.com/")));
        // Not a subdomain of the suffix: the SDK would refuse its challenge anyway.
        assertEquals(Optional.empty(), ChallengeScopes.expected(URI.create("https://evilvault.azure.net/")));
        assertEquals(Optional.empty(), ChallengeScopes.expected(URI.create("https://vault.azure.net/")));
    }
}
