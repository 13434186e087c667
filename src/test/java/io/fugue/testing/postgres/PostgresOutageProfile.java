package io.fugue.testing.postgres;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An application of its own whose datasource goes through {@link PostgresProxy#shared()}, so that a test can cut
 * the database away from it.
 */
public class PostgresOutageProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        String url = PostgresProxy.shared().jdbcUrl();
        // A launched application (prod profile) gets PostgresResource's URL as a -D option too, and that one wins
        // over this override; a profile-specific key wins over a plain one whatever their sources, so it is set too.
        return Map.of("quarkus.datasource.jdbc.url", url, "%prod.quarkus.datasource.jdbc.url", url);
    }
}
