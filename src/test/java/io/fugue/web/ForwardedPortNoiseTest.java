package io.fugue.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.Test;

class ForwardedPortNoiseTest {

    private final ForwardedPortNoise filter = new ForwardedPortNoise();

    private static LogRecord record(String logger, Level level, String format) {
        LogRecord record = new LogRecord(level, format);
        record.setLoggerName(logger);
        return record;
    }

    @Test
    void aClientsUnreadablePortIsDropped() {
        assertFalse(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.SEVERE,
                "Failed to validate a port from \"forwarded\"-type headers, using the default port %d")));
        assertFalse(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.SEVERE,
                "Failed to parse a port from \"forwarded\"-type headers, using the default port %d")));
    }

    @Test
    void everythingElsePasses() {
        assertTrue(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.WARNING,
                "The header %s was already set. Overwriting it.")));
        assertTrue(filter.isLoggable(record("io.fugue.problem.ProblemMappers", Level.SEVERE,
                "Failed to validate a port of something else")));
        assertTrue(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.SEVERE, null)));
    }
}
