package io.fugue.problem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Names failed fields the way the client wrote them: JSON properties and query parameters, not Java methods. */
final class FieldErrors {

    private FieldErrors() {
    }

    /** One entry per violation, sorted by field and message so that answers are stable. */
    static List<Problem.FieldError> of(ConstraintViolationException e) {
        return e.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(fieldOf(violation), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .collect(Collectors.toList());
    }

    /**
     * E.g. {@code title} or {@code limit}; a missing body is reported under its parameter name, {@code requestBody}.
     */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> properties = new ArrayList<>();
        String parameter = "";
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT, BEAN -> {
                    if (node.getName() != null) {
                        properties.add(node.getName());
                    }
                }
                default -> {
                    // method, return value, cross-parameter: not part of the request's vocabulary
                }
            }
        }
        return properties.isEmpty() ? parameter : String.join(".", properties);
    }

    /** The JSON path of a Jackson failure, e.g. {@code title}; empty when the document itself is wrong. */
    static String fieldOf(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null ? reference.getFieldName()
                        : String.valueOf(reference.getIndex()))
                .collect(Collectors.joining("."));
    }
}
