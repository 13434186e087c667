package io.fugue.testing;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * An application of its own with small login and registration limits and server-side session revocation on. Its
 * tests send their own client address in {@code X-Forwarded-For}, believed from the loopback "proxy" here, so each
 * test has its own per-client budget. A username gets 3 failures, one back every 3 seconds.
 */
public class StrictLimitsProfile implements QuarkusTestProfile {

    public static final int USERNAME_FAILURES = 3;
    public static final int CLIENT_FAILURES = 5;
    public static final int CLIENT_REGISTRATIONS = 4;
    /** Seconds for one failure to be given back: the window divided by the failures. */
    public static final int SECONDS_PER_USERNAME_FAILURE = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "fugue.login-limit.username-failures", String.valueOf(USERNAME_FAILURES),
                "fugue.login-limit.username-window", "PT" + USERNAME_FAILURES * SECONDS_PER_USERNAME_FAILURE + "S",
                "fugue.login-limit.client-failures", String.valueOf(CLIENT_FAILURES),
                "fugue.login-limit.client-window", "PT10M",
                "fugue.login-limit.client-registrations", String.valueOf(CLIENT_REGISTRATIONS),
                "fugue.login-limit.registration-window", "PT10M",
                "fugue.login-limit.trusted-proxies", "127.0.0.1,::1",
                "fugue.session.revocation.enabled", "true");
    }
}
