package io.fugue.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class CrossOriginIT extends CrossOriginTest {
}
