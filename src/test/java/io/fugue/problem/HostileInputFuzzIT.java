package io.fugue.problem;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same fuzz against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class HostileInputFuzzIT extends HostileInputFuzzTest {
}
