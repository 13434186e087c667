package io.fugue.session;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class SessionResourceIT extends SessionResourceTest {

    @Override
    protected boolean secureCookies() {
        return true;
    }
}
