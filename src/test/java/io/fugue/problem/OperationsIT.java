package io.fugue.problem;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class OperationsIT extends OperationsTest {

    @Override
    protected String strictTransportSecurity() {
        return "max-age=31536000";
    }
}
