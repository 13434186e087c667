package io.fugue.testing.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fugue.testing.keyvault.KeyVaultEmulator;

/**
 * The pieces of the suite-wide scan end to end: a value logged as a message parameter or inside an exception's cause
 * is captured and found, and the emulator records what it stores.
 */
class SuiteLogCaptureTest {

    private static final String LOGGER = "io.fugue.testing.secrets.planted";

    @TempDir
    Path dir;

    @Test
    void aLoggedValueIsCapturedAndFound() throws IOException {
        String planted = "planted-" + java.util.UUID.randomUUID();
        Path file = dir.resolve("all.log");
        SuiteLogCapture capture = SuiteLogCapture.install(LOGGER, file);
        try {
            Logger log = Logger.getLogger(LOGGER);
            log.infof("resolved %s", planted);
            log.warn("refresh failed", new IllegalStateException("outer", new RuntimeException("inner " + planted)));
            log.info("nothing secret here");
            assertTrue(capture.attached());
        } finally {
            capture.close();
        }

        String captured = Files.readString(file);
        assertTrue(captured.contains("INFO [" + LOGGER + "] resolved " + planted), captured);
        assertTrue(captured.contains("Caused by: java.lang.RuntimeException: inner " + planted), captured);
        SecretLeakScanner.Report report = SecretLeakScanner.scan(Set.of(planted), List.of(file));
        assertEquals(2, report.leaks().size(), report.describe());
        assertFalse(capture.attached());
    }

    @Test
    void theEmulatorRecordsEveryValueItStores() {
        SeededValues.record(dir, "first-stored-value");
        SeededValues.record(dir, "multi\nline\nvalue");
        assertEquals(Set.of("first-stored-value", "multi\nline\nvalue"), SeededValues.read(dir));

        try (KeyVaultEmulator emulator = KeyVaultEmulator.start("fugue-kv")) {
            String value = "stored-" + java.util.UUID.randomUUID();
            emulator.setSecret("fugue-kv", "api-key", value);
            SeededValues.captureDir().ifPresent(run -> assertTrue(SeededValues.read(run).contains(value),
                    "the emulator did not record a stored value in " + run));
        }
    }
}
