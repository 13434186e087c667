package io.fugue.operations;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fugue.problem.Problem;
import io.fugue.problem.ProblemType;
import io.fugue.problem.Problems;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The operations listener: a second HTTP server on Quarkus' own Vert.x, apart from the public port.
 * <p>
 * Hand-written rather than Quarkus' management interface ({@code quarkus.management.enabled}) because that one
 * would take {@code /q/metrics} off the public port with it (Micrometer's Prometheus route has no switch to stay,
 * unlike health and OpenAPI), and those paths on 8080 are part of fugue's contract and of the platform's probes.
 */
@ApplicationScoped
public class OperationsServer {

    private static final Logger LOG = Logger.getLogger(OperationsServer.class);

    /** About as long as Key Vault takes to stop throttling or to come back from a brief outage. */
    private static final int KEY_VAULT_RETRY_AFTER_SECONDS = 30;

    private final OperationsConfig config;
    private final Vertx vertx;
    private final Problems problems;
    private final ObjectMapper json;
    private final KeyVaultRefreshAction keyVaultRefresh;
    private final DatasourceFlushAction datasourceFlush;
    private volatile HttpServer server;

    public OperationsServer(OperationsConfig config, Vertx vertx, Problems problems, ObjectMapper json,
            KeyVaultRefreshAction keyVaultRefresh, DatasourceFlushAction datasourceFlush) {
        this.config = config;
        this.vertx = vertx;
        this.problems = problems;
        this.json = json;
        this.keyVaultRefresh = keyVaultRefresh;
        this.datasourceFlush = datasourceFlush;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        requireLoopback(config.host());
        Router router = Router.router(vertx);
        // Loopback alone does not keep a browser out: any web page can POST to 127.0.0.1, and a DNS-rebound name can
        // read the answer. Browsers send Origin with such requests and the page's host name in Host; curl sends
        // neither.
        router.route().handler(context -> {
            if (context.request().getHeader("Origin") != null || !isLoopbackHost(context.request().authority())) {
                problem(context, problems.ofStatus(403, context.request().path()));
            } else {
                context.next();
            }
        });
        // Blocking handlers run on Quarkus' worker pool: a refresh waits for Key Vault, a flush closes connections.
        router.post("/keyvault/refresh").blockingHandler(context -> answer(context, keyVaultRefresh::run), false);
        router.post("/datasource/flush").blockingHandler(context -> answer(context, datasourceFlush::run), false);
        router.errorHandler(404, context -> problem(context, problems.ofStatus(404, context.request().path())));
        router.errorHandler(405, context -> problem(context, problems.ofStatus(405, context.request().path())));
        router.errorHandler(500, this::unexpected);
        HttpServerOptions options = new HttpServerOptions().setHost(config.host()).setPort(config.port());
        try {
            server = vertx.createHttpServer(options).requestHandler(router).listen()
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("The operations listener cannot listen on " + config.host() + ":"
                    + config.port() + "; set fugue.operations.port (or fugue.operations.enabled=false)", e);
        }
        LOG.infof("Operations hook listening on http://%s:%d (POST /keyvault/refresh, POST /datasource/flush); "
                + "not on the public port", config.host(), server.actualPort());
    }

    /** Waits for the port to be free again, so that a dev-mode restart can listen on it at once. */
    void stop(@Observes ShutdownEvent event) {
        HttpServer running = server;
        if (running != null) {
            try {
                running.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debugf("Operations listener did not close cleanly: %s", e);
            }
        }
    }

    private void answer(RoutingContext context, Supplier<?> action) {
        Object body;
        try {
            body = action.get();
        } catch (KeyVaultRefreshAction.KeyVaultUnavailableException e) {
            context.response().putHeader(HttpHeaderNames.RETRY_AFTER, String.valueOf(KEY_VAULT_RETRY_AFTER_SECONDS));
            problem(context, problems.of(ProblemType.KEY_VAULT_UNAVAILABLE, e.getMessage(), context.request().path()));
            return;
        } catch (DatasourceFlushAction.LoginFailsException e) {
            problem(context, problems.of(ProblemType.DATABASE_LOGIN_FAILS, e.getMessage(), context.request().path()));
            return;
        }
        try {
            respond(context, 200, "application/json", json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }

    /** The hook has no authentication of its own: it must not listen where anything but this container reaches it. */
    static void requireLoopback(String host) {
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("fugue.operations.host must be a loopback address (the operations hook "
                    + "has no authentication), but is '" + host + "'; set fugue.operations.enabled=false to go without");
        }
    }

    /** A Host header naming this machine's loopback, as curl sends it; a rebound DNS name is not one. */
    static boolean isLoopbackHost(HostAndPort authority) {
        if (authority == null) {
            return false;
        }
        String host = authority.host();
        return host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]") || host.equals("::1");
    }

    private void unexpected(RoutingContext context) {
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(context.failure(), "Unexpected error, correlation id %s, operations path %s", correlationId,
                context.request().path());
        problem(context, problems.internal(correlationId, context.request().path()));
    }

    private void problem(RoutingContext context, Problem problem) {
        respond(context, problem.status(), Problem.MEDIA_TYPE, problems.json(problem));
    }

    private static void respond(RoutingContext context, int status, String contentType, String body) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaderNames.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(body);
    }
}
