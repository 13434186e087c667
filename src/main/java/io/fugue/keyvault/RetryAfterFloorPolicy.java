package io.fugue.keyvault;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/**
 * Gives every retry a minimum delay. The SDK waits as long as a response's {@code Retry-After} (or
 * {@code retry-after-ms}) says, without asking the retry strategy; Key Vault asks for whole positive seconds, but a
 * proxy's {@code Retry-After: 0} would have the SDK retry at once, as fast as the network allows, until the deadline
 * (retries are not counted: {@link UntilDeadlineBackoff}). Such an answer is raised to {@link #FLOOR}. (A date
 * already past is raised too; the SDK itself ignores one and falls back to the backoff.) Written here because the SDK
 * has no setting for it; its own reading of these headers ({@code ImplUtils.getRetryAfterFromHeaders}) is not API.
 */
final class RetryAfterFloorPolicy implements HttpPipelinePolicy {

    static final Duration FLOOR = Duration.ofMillis(200);
    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");
    private static final HttpHeaderName X_MS_RETRY_AFTER_MS = HttpHeaderName.fromString("x-ms-retry-after-ms");

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process().map(RetryAfterFloorPolicy::floored);
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        return floored(next.processSync());
    }

    static HttpResponse floored(HttpResponse response) {
        HttpHeaders headers = response.getHeaders();
        Duration asked = askedDelay(headers);
        if (asked != null && asked.compareTo(FLOOR) < 0) {
            // Read first by the SDK, before Retry-After.
            headers.set(RETRY_AFTER_MS, Long.toString(FLOOR.toMillis()));
            headers.remove(X_MS_RETRY_AFTER_MS);
        }
        return response;
    }

    /** What the response asks for, as the SDK reads it; {@code null} when it asks nothing readable. */
    private static Duration askedDelay(HttpHeaders headers) {
        for (HttpHeaderName name : new HttpHeaderName[] { RETRY_AFTER_MS, X_MS_RETRY_AFTER_MS }) {
            String value = headers.getValue(name);
            if (value != null) {
                try {
                    return Duration.ofMillis(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    // Not a number: the SDK skips it too.
                }
            }
        }
        String retryAfter = headers.getValue(HttpHeaderName.RETRY_AFTER);
        if (retryAfter == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(retryAfter.trim()));
        } catch (NumberFormatException e) {
            try {
                return Duration.between(Instant.now(),
                        ZonedDateTime.parse(retryAfter.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        // After the retry policy: it reads the headers of each attempt's response.
        return HttpPipelinePosition.PER_RETRY;
    }
}
