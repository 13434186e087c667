package io.fugue.web;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

import io.quarkus.logging.LoggingFilter;

/**
 * Drops the lines Quarkus' {@code ForwardedParser} (3.33, active in the prod profile, where proxy forwarding is on)
 * writes for input any client can send and Quarkus already handles, so that no client fills the log or pages the
 * operators at will:
 * <ul>
 * <li>two ERROR lines when a port it reads is no number or out of range, "Failed to parse/validate a port from
 * forwarded-type headers" (the port can come from the {@code Host} header itself, {@code Host: localhost:abc});
 * Quarkus uses the default port;</li>
 * <li>a WARN when the request carries {@code X-Forwarded-Trusted-Proxy}, a header Quarkus sets itself: "The header
 * X-Forwarded-Trusted-Proxy was already set. Removing it." (or "Overwriting it."); Quarkus drops the client's.</li>
 * </ul>
 * Every other line passes. Set on the console and file handlers in {@code application.properties}.
 */
@LoggingFilter(name = ForwardedPortNoise.NAME)
public final class ForwardedPortNoise implements Filter {

    static final String NAME = "fugue-forwarded-port-noise";
    static final String PARSER = "io.quarkus.vertx.http.runtime.ForwardedParser";
    private static final String TRUSTED_PROXY_HEADER_SET = "The header X-Forwarded-Trusted-Proxy was already set.";

    @Override
    public boolean isLoggable(LogRecord record) {
        if (!PARSER.equals(record.getLoggerName())) {
            return true;
        }
        String format = record.getMessage(); // the unformatted message: "Failed to … a port … default port %d"
        return format == null
                || !(format.startsWith("Failed to validate a port") || format.startsWith("Failed to parse a port")
                        || format.startsWith(TRUSTED_PROXY_HEADER_SET));
    }
}
