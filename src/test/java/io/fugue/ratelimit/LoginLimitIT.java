package io.fugue.ratelimit;

import io.fugue.testing.StrictLimitsProfile;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.TestProfile;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
@TestProfile(StrictLimitsProfile.class)
class LoginLimitIT extends LoginLimitTest {
}
