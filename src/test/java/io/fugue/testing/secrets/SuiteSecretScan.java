package io.fugue.testing.secrets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The last check of a build: no value the Key Vault emulator stored during the test run is in surefire's reports of
 * that run (which hold every test's console output and failure messages) or in the captured logs. Run by the pom's
 * {@code secret-scan} execution in its own JVM after {@code default-test}, once surefire has written every report;
 * its name is outside surefire's default includes so the main run leaves it alone.
 */
class SuiteSecretScan {

    static final String LOGS_PROPERTY = "fugue.test.secret-scan.logs";
    static final String REPORTS_PROPERTY = "fugue.test.secret-scan.reports";

    @Test
    void noSeededValueInTheReportsOrTheCapturedLogs() throws IOException {
        String logs = System.getProperty(LOGS_PROPERTY);
        String reports = System.getProperty(REPORTS_PROPERTY);
        assumeTrue(logs != null && reports != null, "run by the pom's secret-scan execution");
        Path logDir = Path.of(logs);
        Path allLog = logDir.resolve(SecretLogScanSessionListener.ALL_LOG);
        Set<String> values = SeededValues.read(logDir);
        assumeTrue(!values.isEmpty(), "the test run stored no secret in an emulator");
        assertTrue(Files.size(allLog) > 0, "the test run captured no log to " + allLog);
        try (Stream<Path> files = Files.list(Path.of(reports))) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("TEST-")), "no report in " + reports);
        }

        SecretLeakScanner.Report report = SecretLeakScanner.scan(values, List.of(Path.of(reports), allLog));

        assertTrue(report.clean(), report::describe);
        System.out.println("[INFO] " + report.describe());
    }
}
