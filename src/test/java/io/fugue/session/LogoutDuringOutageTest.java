package io.fugue.session;

import static io.fugue.support.Api.COOKIE;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fugue.support.Api;
import io.fugue.support.Problems;
import io.fugue.testing.postgres.PostgresOutageProfile;
import io.fugue.testing.postgres.PostgresProxy;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * With server-side revocation on, a logout while the database is away cannot be recorded: it answers 503, and the
 * browser still forgets the session (the answer clears the cookie). It kept the cookie, so the user stayed logged in
 * once the database was back.
 */
@QuarkusTest
@TestProfile(LogoutDuringOutageTest.RevocationThroughProxy.class)
class LogoutDuringOutageTest {

    public static class RevocationThroughProxy extends PostgresOutageProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("fugue.session.revocation.enabled", "true");
            return overrides;
        }
    }

    private final PostgresProxy proxy = PostgresProxy.shared();

    @AfterEach
    void databaseIsBack() {
        proxy.restore();
    }

    @Test
    void aLogoutTheDatabaseCannotRecordStillClearsTheCookie() {
        String session = Api.newSession("logout-outage");
        proxy.cut();

        Problems.assertProblem(given().cookie(COOKIE, session).when().delete("/api/session").then(), 503)
                .header("Set-Cookie", containsString(COOKIE + "=; Path=/; Max-Age=0"))
                .header("Cache-Control", equalTo("no-store"));
    }
}
