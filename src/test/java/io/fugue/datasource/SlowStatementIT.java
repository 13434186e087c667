package io.fugue.datasource;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same limit on the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class SlowStatementIT extends SlowStatementTest {
}
