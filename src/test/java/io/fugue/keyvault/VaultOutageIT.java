package io.fugue.keyvault;

import io.fugue.support.AppLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same outage against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class VaultOutageIT extends VaultOutageTest {

    @Override
    protected AppLog watchAppLog() {
        return AppLog.ofLaunchedApp();
    }
}
