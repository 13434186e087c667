package io.fugue.problem;

import io.fugue.support.AppLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {

    @Override
    protected AppLog watchAppLog() {
        return AppLog.ofLaunchedApp();
    }
}
