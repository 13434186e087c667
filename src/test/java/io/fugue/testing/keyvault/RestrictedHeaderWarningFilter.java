package io.fugue.testing.keyvault;

import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Drops the one WARN that azure-core-http-jdk-httpclient logs for every Key Vault request: azure-core sets
 * {@code Content-Length}, which {@code java.net.http.HttpClient} treats as restricted and ignores. Harmless: the
 * SDK still sizes the body from that header and the JDK sends its own. Allowing the header JVM-wide
 * ({@code jdk.httpclient.allowRestrictedHeaders}) would change what every JDK client sends just to quiet a log line,
 * so the message itself is filtered; an application does the same with a Quarkus {@code @LoggingFilter}.
 */
final class RestrictedHeaderWarningFilter implements Filter {

    static final String LOGGER = "com.azure.core.http.jdk.httpclient.JdkHttpClient";

    /** Held so that the configured logger, and with it the filter, is not garbage collected. */
    private static final Logger JDK_CLIENT_LOGGER = Logger.getLogger(LOGGER);

    static synchronized void install() {
        if (!(JDK_CLIENT_LOGGER.getFilter() instanceof RestrictedHeaderWarningFilter)) {
            JDK_CLIENT_LOGGER.setFilter(new RestrictedHeaderWarningFilter());
        }
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        String message = record.getMessage();
        return message == null
                || !(message.contains("The header is restricted by 'java.net.http.HttpClient'")
                        && message.contains("\"headerName\":\"content-length\""));
    }
}
