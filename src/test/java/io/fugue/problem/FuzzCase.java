package io.fugue.problem;

import java.util.List;
import java.util.Map;

/**
 * One generated request and what the API may do with it.
 *
 * @param name      what was generated, for the report
 * @param transport how the request travels
 * @param method    HTTP method (for {@link Transport#RAW}: only for the report)
 * @param path      path and query, raw; {@code {own}} and {@code {other}} stand for the fixture's note ids
 * @param headers   extra request headers (for {@link Transport#RAW}: every header line, {@code {cookie}} and
 *                  {@code {host}} substituted)
 * @param body      request bytes, possibly not UTF-8
 * @param expect    what the status must be
 * @param sent      the fields the body carries as JSON strings, when it is a well-formed object: what an accepted
 *                  request must have stored, verbatim
 */
record FuzzCase(String name, Transport transport, String method, String path, List<String> headers, byte[] body,
        Expect expect, Map<String, String> sent) {

    enum Transport {
        /** Java's HTTP client, HTTP/1.1. */
        HTTP_1_1,
        /** Java's HTTP client on a connection upgraded to HTTP/2 (h2c). */
        HTTP_2,
        /** A body streamed without Content-Length (chunked on HTTP/1.1, DATA frames without length on HTTP/2). */
        HTTP_1_1_STREAMED,
        HTTP_2_STREAMED,
        /** Bytes written to a socket as they are. */
        RAW
    }

    enum Expect {
        /** A 2xx, with what was sent stored verbatim. */
        ACCEPT,
        /** A 4xx problem, nothing stored. */
        REJECT,
        /** Anything but a 5xx; stored verbatim when accepted, nothing stored when refused. */
        ANY
    }

    String endpoint() {
        String pathOnly = path.split("\\?")[0];
        return method + " " + (pathOnly.startsWith("/api/notes/") ? "/api/notes/{id}" : pathOnly);
    }

    @Override
    public String toString() {
        return name;
    }
}
