package io.fugue.testing.secrets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import org.jboss.logmanager.ExtLogRecord;

/**
 * Writes every record a logger (the root logger, for the whole JVM) publishes to a file: level, logger, the formatted
 * message, and the full text of any thrown exception with its causes. Quarkus and the Azure SDK log through JBoss
 * LogManager, which is {@code java.util.logging} here, so one handler sees them all.
 */
final class SuiteLogCapture extends Handler {

    private static final Formatter JUL_MESSAGES = new SimpleFormatter();

    private final Logger logger;
    private final Writer out;

    private SuiteLogCapture(Logger logger, Path file) throws IOException {
        this.logger = logger;
        Files.createDirectories(file.toAbsolutePath().getParent());
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        setLevel(Level.ALL);
    }

    /** Starts writing what {@code loggerName} ({@code ""} for the root logger) publishes to a new file. */
    static SuiteLogCapture install(String loggerName, Path file) {
        try {
            SuiteLogCapture capture = new SuiteLogCapture(Logger.getLogger(loggerName), file);
            capture.logger.addHandler(capture);
            return capture;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot capture logs to " + file, e);
        }
    }

    /** Whether the logger still hands its records to this capture (a logging reset would have removed it). */
    boolean attached() {
        for (Handler handler : logger.getHandlers()) {
            if (handler == this) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        try {
            out.write(record.getLevel() + " [" + record.getLoggerName() + "] " + message(record) + "\n");
            if (record.getThrown() != null) {
                PrintWriter trace = new PrintWriter(out);
                record.getThrown().printStackTrace(trace);
                trace.flush();
            }
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportError("Cannot capture a log record", e, ErrorManager.WRITE_FAILURE);
        }
    }

    private static String message(LogRecord record) {
        return record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : JUL_MESSAGES.formatMessage(record);
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            reportError("Cannot flush captured logs", e, ErrorManager.FLUSH_FAILURE);
        }
    }

    /** Detaches from the logger and closes the file. */
    @Override
    public synchronized void close() {
        logger.removeHandler(this);
        try {
            out.close();
        } catch (IOException e) {
            reportError("Cannot close captured logs", e, ErrorManager.CLOSE_FAILURE);
        }
    }
}
