package io.fugue.keyvault;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Tells when a vault's client first sends a request with a token. By then Key Vault's challenge has been answered and
 * the token is in the client's cache, so further requests go out authorized at once: boot sends its wave at that
 * moment instead of waiting for the first secret's answer, one round trip sooner. The SDK has no such event.
 */
final class AuthorizedSignalPolicy implements HttpPipelinePolicy {

    private final Sinks.Empty<Void> authorized = Sinks.empty();

    /** Completes when the first authorized request is sent (at once for a late subscriber); never fails. */
    Mono<Void> authorized() {
        return authorized.asMono();
    }

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        signal(context);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        signal(context);
        return next.processSync();
    }

    private void signal(HttpPipelineCallContext context) {
        if (context.getHttpRequest().getHeaders().getValue(HttpHeaderName.AUTHORIZATION) != null) {
            authorized.tryEmitEmpty(); // a no-op after the first
        }
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        // Per retry: after the challenge policy, which is what adds the token.
        return HttpPipelinePosition.PER_RETRY;
    }
}
