package io.fugue.session;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same rotation against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class SessionKeyVaultRotationIT extends SessionKeyVaultRotationTest {
}
