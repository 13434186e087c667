package io.fugue.problem;

import io.fugue.support.LaunchedAppLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same tests against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class BadInputIT extends BadInputTest {

    /** The packaged application's output is in its log file (JSON lines in the prod profile). */
    @Override
    protected AppLog watchAppLog() {
        LaunchedAppLog log = LaunchedAppLog.fromNow();
        return settle -> {
            Thread.sleep(settle.toMillis());
            return log.linesContaining("\"level\":\"ERROR\"");
        };
    }
}
