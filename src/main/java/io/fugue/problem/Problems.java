package io.fugue.problem;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Builds and serializes problem documents, for JAX-RS mappers and plain Vert.x routes alike. */
@ApplicationScoped
public class Problems {

    /** Generic details for statuses raised by the framework: never the exception's own message. */
    private static final Map<Integer, String> DETAILS = Map.of(
            400, "The request could not be read.",
            404, "There is nothing at this URI.",
            405, "This resource does not support the request method.",
            406, "This resource cannot answer in any of the accepted media types.",
            413, "The request body is too large.",
            415, "Send the body as JSON with Content-Type: application/json.");

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, null, null);
    }

    public Problem validation(String detail, List<Problem.FieldError> errors, String instance) {
        ProblemType type = ProblemType.VALIDATION;
        return new Problem(type.uri(), type.title(), type.status(), detail, instance, errors, null);
    }

    public Problem internal(String correlationId, String instance) {
        ProblemType type = ProblemType.INTERNAL;
        return new Problem(type.uri(), type.title(), type.status(),
                "An unexpected error occurred; quote the correlation id when reporting it.", instance, null,
                correlationId);
    }

    public Problem databaseUnavailable(String instance) {
        return of(ProblemType.DATABASE_UNAVAILABLE, "The database cannot be reached right now; nothing was changed "
                + "unless a previous attempt succeeded. Retry after the time in Retry-After.", instance);
    }

    /** An {@code about:blank} problem for a plain HTTP status. */
    public Problem ofStatus(int status, String instance) {
        String detail = DETAILS.getOrDefault(status, ProblemType.titleOf(status) + ".");
        return new Problem("about:blank", ProblemType.titleOf(status), status, detail, instance, null, null);
    }

    public Response response(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(json(problem))
                .build();
    }

    /** The JSON text; problems are small records, so serialization cannot reasonably fail. */
    public String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialize a problem document", e);
        }
    }
}
