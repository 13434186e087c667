package io.fugue.web;

import java.util.Set;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 415 to a POST, PUT or PATCH without {@code Content-Type}: Quarkus REST would otherwise guess JSON and
 * accept it, while every such endpoint here documents {@code application/json}.
 */
public class RequireContentType {

    private static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");

    @ServerRequestFilter
    public void requireContentType(ContainerRequestContext request) {
        if (METHODS_WITH_BODY.contains(request.getMethod()) && request.getMediaType() == null) {
            throw new NotSupportedException();
        }
    }
}
