package io.fugue.datasource;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same rotation against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class DatabasePasswordRotationIT extends DatabasePasswordRotationTest {
}
