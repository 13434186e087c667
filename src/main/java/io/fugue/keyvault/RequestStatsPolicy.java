package io.fugue.keyvault;

import java.net.ConnectException;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.TimeoutException;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/** Counts every attempt sent to a vault (retries included) in {@link RequestStats}. */
final class RequestStatsPolicy implements HttpPipelinePolicy {

    private final RequestStats stats;

    RequestStatsPolicy(RequestStats stats) {
        this.stats = stats;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        long start = System.nanoTime();
        return next.process()
                .doOnNext(response -> recordResponse(context, response.getStatusCode(), start))
                .doOnError(error -> recordError(context, error, start));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        long start = System.nanoTime();
        try {
            HttpResponse response = next.processSync();
            recordResponse(context, response.getStatusCode(), start);
            return response;
        } catch (RuntimeException e) {
            recordError(context, e, start);
            throw e;
        }
    }

    private void recordResponse(HttpPipelineCallContext context, int status, long start) {
        if (status == 401) {
            stats.challenged();
        }
        RequestStats.Outcome outcome = RequestStats.outcomeOf(status);
        stats.record(outcome, System.nanoTime() - start);
        if (outcome != RequestStats.Outcome.SUCCESS) {
            String host = context.getHttpRequest().getUrl().getHost();
            stats.failed(host, "HTTP " + status + " from " + host,
                    switch (outcome) {
                        case THROTTLED -> RequestStats.Cause.THROTTLED;
                        case SERVER_ERROR -> RequestStats.Cause.VAULT_ERROR;
                        default -> RequestStats.Cause.OTHER;
                    });
        }
    }

    private void recordError(HttpPipelineCallContext context, Throwable error, long start) {
        stats.record(RequestStats.Outcome.IO_ERROR, System.nanoTime() - start);
        URL url = context.getHttpRequest().getUrl();
        String host = url.getHost();
        if (FailureExplainer.causeOf(error, UnknownHostException.class, UnresolvedAddressException.class) != null) {
            stats.failed(host, "'" + host + "' does not resolve (DNS)", RequestStats.Cause.DNS);
        } else if (FailureExplainer.causeOf(error, HttpTimeoutException.class, TimeoutException.class) == null
                && FailureExplainer.causeOf(error, ConnectException.class) != null) {
            stats.failed(host, "connection refused by " + host + (url.getPort() < 0 ? "" : ":" + url.getPort()),
                    RequestStats.Cause.REFUSED);
        } else {
            stats.failed(host, FailureExplainer.rootCause(error).getClass().getSimpleName() + " talking to " + host,
                    RequestStats.Cause.OTHER);
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        // After the retry policy, so that each attempt is one request.
        return HttpPipelinePosition.PER_RETRY;
    }
}
