package io.fugue.problem;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem document, the body of every 4xx and 5xx answer.
 *
 * @param errors        the invalid fields, for validation problems only
 * @param correlationId for 500s: the id under which the error was logged
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors,
        String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: {@code field} is its name in the request (JSON property or query parameter). */
    @RegisterForReflection
    public record FieldError(String field, String message) {
    }
}
