package io.fugue.web;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.core.JsonParseException;

/**
 * Refuses a JSON body that is not well-formed UTF-8 (RFC 8259 section 8.1) before Jackson reads it. Jackson's UTF-8
 * parser refuses most broken bytes but decodes overlong forms leniently ({@code C0 AF} reads as {@code /}), so such a
 * body would be stored as if it had said something else; Jackson 2 has no switch for it, hence this check. The
 * failure is Jackson's own parse exception, so the answer is the same 400 as for any other byte that is not UTF-8.
 */
@Provider
public class StrictUtf8Bodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getMediaType() == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            return context.proceed();
        }
        // Bounded by quarkus.http.limits.max-body-size: the stream refuses to read past it.
        byte[] body = context.getInputStream().readAllBytes();
        if (!isUtf8(body)) {
            throw new JsonParseException(null, "Invalid UTF-8 in the request body");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    /** Decodes into a small reused buffer: the check needs no copy of the text. */
    static boolean isUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1024);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return false;
            }
            if (result.isUnderflow()) {
                return !decoder.flush(out.clear()).isError();
            }
            out.clear(); // overflow: the text itself is not needed
        }
    }
}
