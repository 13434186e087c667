package io.fugue.datasource;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The same outage against the packaged application (the jar, or the native executable with -Dnative): the proxy
 * stays in the test JVM, the launched application reaches PostgreSQL through it.
 */
@QuarkusIntegrationTest
class PostgresOutageIT extends PostgresOutageTest {
}
