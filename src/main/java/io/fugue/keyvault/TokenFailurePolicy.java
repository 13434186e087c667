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

/**
 * Remembers how the last attempt to get a token ended (managed-identity endpoint, Entra ID), so that a boot deadline
 * hit while the credential is still retrying can say "the identity endpoint refused the connection" instead of "no
 * answer". Only the endpoint's address and the failure kind are kept: never a body, a header or a token.
 */
final class TokenFailurePolicy implements HttpPipelinePolicy {

    private final RequestStats stats;

    TokenFailurePolicy(RequestStats stats) {
        this.stats = stats;
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        return next.process()
                .doOnNext(response -> recordResponse(context, response.getStatusCode()))
                .doOnError(error -> recordError(context, error));
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        try {
            HttpResponse response = next.processSync();
            recordResponse(context, response.getStatusCode());
            return response;
        } catch (RuntimeException e) {
            recordError(context, e);
            throw e;
        }
    }

    private void recordResponse(HttpPipelineCallContext context, int status) {
        stats.tokenAttempt(status < 400 ? null : "HTTP " + status + " from " + endpoint(context));
    }

    private void recordError(HttpPipelineCallContext context, Throwable error) {
        String endpoint = endpoint(context);
        if (FailureExplainer.causeOf(error, UnknownHostException.class, UnresolvedAddressException.class) != null) {
            stats.tokenAttempt(endpoint + " does not resolve (DNS)");
        } else if (FailureExplainer.causeOf(error, HttpTimeoutException.class, TimeoutException.class) == null
                && FailureExplainer.causeOf(error, ConnectException.class) != null) {
            stats.tokenAttempt("connection refused by " + endpoint);
        } else {
            stats.tokenAttempt(FailureExplainer.rootCause(error).getClass().getSimpleName() + " talking to " + endpoint);
        }
    }

    /** Scheme, host, port and path: the query of a token request names the identity, nothing secret, but is noise. */
    private static String endpoint(HttpPipelineCallContext context) {
        URL url = context.getHttpRequest().getUrl();
        return url.getProtocol() + "://" + url.getAuthority() + url.getPath();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        return HttpPipelinePosition.PER_RETRY;
    }
}
