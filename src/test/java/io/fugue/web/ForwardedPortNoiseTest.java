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

    /** Quarkus sets this header itself and drops a client's; any client could otherwise write a WARN per request. */
    @Test
    void aClientsTrustedProxyHeaderIsDropped() {
        assertFalse(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.WARNING,
                "The header X-Forwarded-Trusted-Proxy was already set. Removing it.")));
        assertFalse(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.WARNING,
                "The header X-Forwarded-Trusted-Proxy was already set. Overwriting it.")));
    }

    @Test
    void everythingElsePasses() {
        assertTrue(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.WARNING,
                "The header X-Forwarded-Host was already set. Overwriting it.")));
        assertTrue(filter.isLoggable(record("io.fugue.problem.ProblemMappers", Level.SEVERE,
                "Failed to validate a port of something else")));
        assertTrue(filter.isLoggable(record(ForwardedPortNoise.PARSER, Level.SEVERE, null)));
    }
}
