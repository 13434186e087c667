package io.fugue.keyvault;

import io.fugue.support.LaunchedAppLog;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same outage against the packaged application (the jar, or the native executable with -Dnative). */
@QuarkusIntegrationTest
class VaultOutageIT extends VaultOutageTest {

    /** The packaged application's output is in its log file: the lines written from now on. */
    @Override
    protected AppLog watchAppLog() {
        LaunchedAppLog log = LaunchedAppLog.fromNow();
        return text -> log.linesContaining(text).stream().filter(line -> line.contains("WARN")).toList();
    }
}
