package io.fugue.web;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the two ERROR lines Quarkus' {@code ForwardedParser} (3.33, active in the prod profile, where proxy forwarding
 * is on) writes when a port it reads is no number or out of range: "Failed to parse/validate a port from
 * forwarded-type headers". The port can come from the {@code Host} header itself ({@code Host: localhost:abc}), so
 * any client can write those lines at will, filling the log and paging the operators, for input Quarkus already
 * ignores (it uses the default port). Every other line passes. Set on the console and file handlers in
 * {@code application.properties}.
 */
@LoggingFilter(name = ForwardedPortNoise.NAME)
public final class ForwardedPortNoise implements Filter {

    static final String NAME = "fugue-forwarded-port-noise";
    static final String PARSER = "io.quarkus.vertx.http.runtime.ForwardedParser";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!PARSER.equals(record.getLoggerName())) {
            return true;
        }
        String format = record.getMessage(); // the unformatted message: "Failed to … a port … default port %d"
        return format == null
                || !(format.startsWith("Failed to validate a port") || format.startsWith("Failed to parse a port"));
    }
}
