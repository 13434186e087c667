package io.fugue.testing.secrets;

import java.nio.file.Path;
import java.util.List;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Captures every log record of the test JVM to {@code all.log} in the capture directory (system property
 * {@value SeededValues#CAPTURE_DIR_PROPERTY}, set by the pom), and when the session closes fails the test run if any
 * value the Key Vault emulator stored appears in it. Throwing here makes surefire report "There was an error in the
 * forked process" with the findings, which fails the build. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}; inactive without the property
 * (in an IDE, say).
 */
public class SecretLogScanSessionListener implements LauncherSessionListener {

    static final String ALL_LOG = "all.log";

    private Path dir;
    private SuiteLogCapture capture;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        dir = SeededValues.captureDir().orElse(null);
        if (dir != null) {
            SeededValues.clear(dir);
            capture = SuiteLogCapture.install("", dir.resolve(ALL_LOG));
        }
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (capture == null) {
            return;
        }
        boolean attached = capture.attached();
        capture.close();
        capture = null;
        SecretLeakScanner.Report report = SecretLeakScanner.scan(SeededValues.read(dir), List.of(dir.resolve(ALL_LOG)));
        if (!attached) {
            fail("Secret scan: the log capture was detached from the root logger during the run, so "
                    + dir.resolve(ALL_LOG) + " misses records; " + report.describe());
        }
        if (!report.clean()) {
            fail(report.describe());
        }
        System.out.println("[INFO] " + report.describe());
    }

    private static void fail(String message) {
        throw new AssertionError(message);
    }
}
