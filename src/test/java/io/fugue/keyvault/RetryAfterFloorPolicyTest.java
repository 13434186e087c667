package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class RetryAfterFloorPolicyTest {

    private static final HttpHeaderName RETRY_AFTER_MS = HttpHeaderName.fromString("retry-after-ms");

    @Test
    void anImmediateRetryIsRaisedToTheFloor() {
        assertEquals("200", floored(HttpHeaderName.RETRY_AFTER, "0").getValue(RETRY_AFTER_MS));
        assertEquals("200", floored(RETRY_AFTER_MS, "0").getValue(RETRY_AFTER_MS));
        String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(1));
        assertEquals("200", floored(HttpHeaderName.RETRY_AFTER, past).getValue(RETRY_AFTER_MS));
    }

    @Test
    void whatKeyVaultAsksIsLeftAlone() {
        HttpHeaders seconds = floored(HttpHeaderName.RETRY_AFTER, "3");
        assertNull(seconds.getValue(RETRY_AFTER_MS));
        assertEquals("3", seconds.getValue(HttpHeaderName.RETRY_AFTER));
        assertEquals("1500", floored(RETRY_AFTER_MS, "1500").getValue(RETRY_AFTER_MS));
        assertNull(floored(HttpHeaderName.CONTENT_TYPE, "application/json").getValue(RETRY_AFTER_MS));
    }

    private static HttpHeaders floored(HttpHeaderName name, String value) {
        HttpHeaders headers = new HttpHeaders().set(name, value);
        return RetryAfterFloorPolicy.floored(new Answer(headers)).getHeaders();
    }

    /** A response with these headers and no body: what the policy looks at. */
    private static final class Answer extends HttpResponse {

        private final HttpHeaders headers;

        Answer(HttpHeaders headers) {
            super(new HttpRequest(HttpMethod.GET, "https://fugue-kv.vault.azure.net/secrets/x"));
            this.headers = headers;
        }

        @Override
        public int getStatusCode() {
            return 429;
        }

        @Override
        @Deprecated
        public String getHeaderValue(String name) {
            return headers.getValue(HttpHeaderName.fromString(name));
        }

        @Override
        public HttpHeaders getHeaders() {
            return headers;
        }

        @Override
        public Flux<ByteBuffer> getBody() {
            return Flux.empty();
        }

        @Override
        public Mono<byte[]> getBodyAsByteArray() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString() {
            return Mono.empty();
        }

        @Override
        public Mono<String> getBodyAsString(Charset charset) {
            return Mono.empty();
        }
    }
}
