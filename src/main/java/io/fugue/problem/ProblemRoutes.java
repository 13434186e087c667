package io.fugue.problem;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * Problem documents for answers that never reach JAX-RS: paths no resource serves, bodies declared larger than
 * {@code quarkus.http.limits.max-body-size} (Quarkus' own check answers those with an empty 413 before any mapper
 * runs, so this one runs just ahead of it), and failures of plain Vert.x routes.
 */
@ApplicationScoped
public class ProblemRoutes {

    private static final Logger LOG = Logger.getLogger(ProblemRoutes.class);

    /** Oversized bodies up to this size are read and dropped rather than cut off; see finishAfterBody. */
    private static final long MAX_DRAINED_BYTES = 16L * 1024 * 1024;

    private final Problems problems;
    private final long maxBodySize;
    private final BodyHandler chunkedBodies;

    public ProblemRoutes(Problems problems,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.problems = problems;
        this.maxBodySize = maxBodySize.asLongValue();
        this.chunkedBodies = BodyHandler.create(false).setBodyLimit(this.maxBodySize);
    }

    void install(@Observes Router router) {
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::refuseDeclaredOversize);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::bufferChunkedBody);
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(this::failure);
        router.route().last().handler(context -> write(context, problems.ofStatus(404, context.request().path())));
    }

    private void refuseDeclaredOversize(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaderNames.CONTENT_LENGTH);
        if (length == null || fits(length)) {
            context.next();
            return;
        }
        HttpServerRequest request = context.request();
        if (request.version() != HttpVersion.HTTP_2) {
            finishAfterBody(request, Long.parseLong(length.trim()));
        }
        write(context, problems.ofStatus(413, request.path()));
    }

    /**
     * A chunked HTTP/1.1 body has no declared length, and Quarkus' stream would refuse it with an empty 413 once it
     * grows too large. Reading it here instead, within the same limit, turns an oversized one into a failure this
     * class answers. Not for HTTP/2: Quarkus REST cannot take over an HTTP/2 request whose body was already read
     * ({@code Http2ServerRequest.pause()} throws "Request has already been read" in its request context), and its own
     * refusal closes the whole HTTP/2 connection (GOAWAY) from a handler no route can reach; see docs/reliability.md.
     */
    private void bufferChunkedBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.version() != HttpVersion.HTTP_2 && request.getHeader(HttpHeaderNames.CONTENT_LENGTH) == null
                && request.getHeader(HttpHeaderNames.TRANSFER_ENCODING) != null) {
            chunkedBodies.handle(context);
        } else {
            context.next();
        }
    }

    /**
     * The unread body stands between this answer and any next request, so the connection closes. Closing while the
     * client still sends makes TCP reset it, and the client may lose the answer: a body of plausible size is read
     * and dropped first. HTTP/2 needs none of this (and forbids the Connection header): its stream is reset alone.
     */
    private static void finishAfterBody(HttpServerRequest request, long declaredLength) {
        request.response().putHeader(HttpHeaderNames.CONNECTION, "close");
        if (declaredLength > MAX_DRAINED_BYTES) {
            request.response().endHandler(ended -> request.connection().close());
            return;
        }
        request.handler(chunk -> {
            // dropped unread
        });
        request.endHandler(ended -> request.connection().close());
        request.resume();
    }

    private boolean fits(String length) {
        try {
            return Long.parseLong(length.trim()) <= maxBodySize;
        } catch (NumberFormatException e) {
            return true; // not ours to judge: the HTTP codec refuses malformed lengths itself
        }
    }

    /**
     * A client's broken bytes or hang-up is no error of fugue's: a 400, or nothing when nobody is left to read it, and
     * a DEBUG line. Logging those at ERROR would let any client fill the log and page the operators.
     */
    private void failure(RoutingContext context) {
        HttpServerResponse response = context.response();
        Throwable failure = context.failure();
        String path = context.request().path();
        if (ClientGone.explains(failure)) {
            LOG.debugf("The client of %s closed the connection before its answer", path);
            return;
        }
        if (response.ended()) {
            // The whole answer went out (one written below fugue, say); a second attempt to answer cannot, and
            // nothing is lost.
            LOG.debugf("Request to %s failed after its answer was complete: %s", path, failure);
            return;
        }
        if (response.headWritten()) {
            // The answer started; the failure can only end the exchange. Quarkus' handler would log it as an error.
            LOG.warnf(failure, "Request to %s failed after its answer had started", path);
            response.reset();
            return;
        }
        int status = context.statusCode();
        if (status >= 400 && status < 500) {
            write(context, problems.ofStatus(status, path));
            return;
        }
        if (MalformedMessage.explains(failure)) {
            LOG.debugf("Malformed HTTP message to %s: %s", path, failure);
            if (context.request().version() != HttpVersion.HTTP_2) {
                response.putHeader(HttpHeaderNames.CONNECTION, "close"); // the codec cannot find the next request
            }
            write(context, problems.ofStatus(400, path));
            return;
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(failure, "Unexpected error, correlation id %s, path %s", correlationId, path);
        write(context, problems.internal(correlationId, path));
    }

    private void write(RoutingContext context, Problem problem) {
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .end(problems.json(problem));
    }
}
