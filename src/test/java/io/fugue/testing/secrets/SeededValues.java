package io.fugue.testing.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Every value the Key Vault emulator stores during a test run, so that the suite's logs and reports can be searched
 * for them (see {@link SecretLogScanSessionListener} and {@link SuiteSecretScan}).
 * <p>
 * A file is the one store everything involved shares: a surefire JVM loads the emulator in its own class loader and
 * again in each Quarkus application's (each copy with its own statics), and the final scan runs in another JVM. Each
 * value is one Base64 line, written by a single append so that concurrent writers do not interleave, and so that line
 * breaks in values survive and a plain-text search of {@code target/} does not stop at this file.
 */
public final class SeededValues {

    /** System property naming the directory of the run's captured logs; unset, nothing is captured or recorded. */
    public static final String CAPTURE_DIR_PROPERTY = "fugue.test.log-capture";
    static final String FILE = "seeded-values.txt";

    private SeededValues() {
    }

    /** The directory of this run's captured logs, when the run captures them (the Maven build does). */
    public static Optional<Path> captureDir() {
        return Optional.ofNullable(System.getProperty(CAPTURE_DIR_PROPERTY)).map(Path::of);
    }

    /** Records a value the emulator stores. */
    public static void record(String value) {
        captureDir().ifPresent(dir -> record(dir, value));
    }

    static void record(Path dir, String value) {
        if (value == null) {
            return;
        }
        String line = Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\n";
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(FILE), line.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot record a seeded value in " + dir, e);
        }
    }

    /** Every value recorded in the directory; empty when none was. */
    public static Set<String> read(Path dir) {
        return read(dir, FILE);
    }

    /** Every value in a file of the same format under another name; empty when there is no such file. */
    static Set<String> read(Path dir, String fileName) {
        Set<String> values = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(dir.resolve(fileName), StandardCharsets.US_ASCII)) {
                if (!line.isBlank()) {
                    values.add(new String(Base64.getDecoder().decode(line.trim()), StandardCharsets.UTF_8));
                }
            }
        } catch (NoSuchFileException e) {
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }

    /** Starts a run with no recorded value. */
    static void clear(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
