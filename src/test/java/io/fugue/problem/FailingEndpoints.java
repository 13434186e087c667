package io.fugue.problem;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

import io.vertx.ext.web.Router;

/** Test-only endpoints that fail on purpose, in JAX-RS and in a plain Vert.x route. */
@Path("/test/failure")
public class FailingEndpoints {

    static final String SECRET_DETAIL = "SELECT password_hash FROM accounts WHERE username = 'x'";

    @GET
    public String fail() {
        throw new IllegalStateException(SECRET_DETAIL);
    }

    @ApplicationScoped
    static class Routes {
        void install(@Observes Router router) {
            router.get("/test/vertx-failure").handler(context -> context.fail(new IllegalStateException(SECRET_DETAIL)));
            router.get("/test/vertx-teapot").handler(context -> context.fail(418));
        }
    }
}
