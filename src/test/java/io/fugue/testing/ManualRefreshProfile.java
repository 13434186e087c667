package io.fugue.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An application of its own (its own emulator too), where secrets refresh only when a test asks: rotation tests
 * change secrets and database passwords, which no other test must see.
 */
public class ManualRefreshProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // An outage a test provokes is retried until the deadline: keep it short, with room for a loaded machine.
        return Map.of("fugue.keyvault.refresh-interval", "PT1H", "fugue.keyvault.boot-timeout", "PT10S");
    }
}
