package io.fugue.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.quarkus.test.common.PropertyTestUtil;

/**
 * What a packaged application under test ({@code @QuarkusIntegrationTest}) has logged since this watch began: Quarkus
 * writes its output to {@code target/quarkus.log}. In the prod profile each line is a JSON object, whose message
 * still contains any plain text a test looks for.
 */
public final class LaunchedAppLog {

    /** Quarkus' names for the levels tests look for, as its log lines (plain text or JSON) spell them. */
    private static final Map<Level, String> LOGGED_NAMES = Map.of(Level.SEVERE, "ERROR", Level.WARNING, "WARN",
            Level.INFO, "INFO");

    private final Path file = PropertyTestUtil.getLogFilePath();
    private final long start;

    private LaunchedAppLog() {
        start = size();
    }

    /** Starts watching from the current end of the log. */
    public static LaunchedAppLog fromNow() {
        return new LaunchedAppLog();
    }

    /** The lines logged at {@code level} since the watch began that contain {@code text}. */
    public List<String> linesAt(Level level, String text) {
        String name = LOGGED_NAMES.get(level);
        return linesContaining(text).stream()
                .filter(line -> line.contains("\"level\":\"" + name + "\"") || line.contains(" " + name + " "))
                .toList();
    }

    /** The lines written since the watch began that contain {@code text}. */
    private List<String> linesContaining(String text) {
        try {
            byte[] all = Files.readAllBytes(file);
            int from = (int) Math.min(start, all.length);
            String since = new String(all, from, all.length - from, StandardCharsets.UTF_8);
            return since.lines().filter(line -> line.contains(text)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the application's log " + file, e);
        }
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
