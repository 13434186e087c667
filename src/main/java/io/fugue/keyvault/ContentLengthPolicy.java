package io.fugue.keyvault;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;

import reactor.core.publisher.Mono;

/**
 * Drops the {@code Content-Length} header before the JDK HTTP client sees it. The JDK client computes it from the
 * body and may not set it by hand; Key Vault's challenge policy sets it anyway, and the SDK would log a WARN for
 * every request about the header it ignores.
 */
final class ContentLengthPolicy implements HttpPipelinePolicy {

    @Override
    public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
        context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        return next.process();
    }

    @Override
    public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
        context.getHttpRequest().getHeaders().remove(HttpHeaderName.CONTENT_LENGTH);
        return next.processSync();
    }

    @Override
    public HttpPipelinePosition getPipelinePosition() {
        // Per retry, so that it runs after the challenge policy, which is what sets the header.
        return HttpPipelinePosition.PER_RETRY;
    }
}
