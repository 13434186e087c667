package io.fugue.support;

import java.util.List;
import java.util.logging.Level;

/**
 * What the application under test logs from the moment the watch begins, wherever it runs: a {@code @QuarkusTest}
 * watches its own JVM's records ({@link #inThisJvm}), the {@code *IT} that extends it overrides the watch with the
 * packaged application's log file ({@link #ofLaunchedApp}).
 */
public interface AppLog extends AutoCloseable {

    /** The messages (in this JVM) or lines (packaged) logged at {@code level} since the watch began, with {@code text}. */
    List<String> lines(Level level, String text);

    @Override
    default void close() {
    }

    /** The records of {@code logger} and its children ({@code ""}: all), as this JVM publishes them. */
    static AppLog inThisJvm(String logger) {
        LogCapture capture = LogCapture.of(logger, Level.INFO);
        return new AppLog() {
            @Override
            public List<String> lines(Level level, String text) {
                return capture.messages(level).stream().filter(message -> message.contains(text)).toList();
            }

            @Override
            public void close() {
                capture.close();
            }
        };
    }

    /** The packaged application's log file ({@code @QuarkusIntegrationTest}), plain text or JSON lines. */
    static AppLog ofLaunchedApp() {
        return LaunchedAppLog.fromNow()::linesAt;
    }
}
