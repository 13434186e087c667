package io.fugue.testing.postgres;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An application of its own whose datasource goes through {@link PostgresProxy#shared()}, so that a test can cut
 * the database away from it. The profile's override wins over {@link PostgresResource}'s URL, in the test JVM and
 * for a launched application alike.
 */
public class PostgresOutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.datasource.jdbc.url", PostgresProxy.shared().jdbcUrl());
    }
}
