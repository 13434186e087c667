package io.fugue.session;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same logout against the packaged application; the proxy stays in the test JVM. */
@QuarkusIntegrationTest
class LogoutDuringOutageIT extends LogoutDuringOutageTest {
}
