package io.fugue.problem;

import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.fugue.account.InvalidCredentialsException;
import io.fugue.account.UsernameTakenException;
import io.fugue.note.InvalidCursorException;
import io.fugue.note.InvalidLimitException;
import io.fugue.note.NoteNotFoundException;
import io.fugue.note.OwnerNotFoundException;
import io.fugue.ratelimit.TooManyAttemptsException;
import io.fugue.session.SessionKeysUnavailableException;
import io.fugue.session.UnauthenticatedException;
import io.vertx.core.http.HttpServerRequest;

/**
 * The one place where exceptions become HTTP answers: every error leaves as {@code application/problem+json}, with
 * no exception message, class name, SQL or stack trace. Routes outside JAX-RS are covered by {@link ProblemRoutes}.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** About as long as a PostgreSQL restart or a flexible-server failover's first phase. */
    private static final int DATABASE_RETRY_AFTER_SECONDS = 5;
    private static final int SESSION_KEYS_RETRY_AFTER_SECONDS = 30;

    /** How to authenticate: a session cookie from {@code POST /api/session}. */
    static final String CHALLENGE = "Cookie realm=\"fugue\"";

    private final Problems problems;

    public ProblemMappers(Problems problems) {
        this.problems = problems;
    }

    @ServerExceptionMapper
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        return problems.response(problems.validation("The request has invalid fields.", FieldErrors.of(e), path(uri)));
    }

    @ServerExceptionMapper
    public Response cursor(InvalidCursorException e, UriInfo uri) {
        return invalidField("cursor", "must be a cursor returned by this API", uri);
    }

    @ServerExceptionMapper
    public Response limit(InvalidLimitException e, UriInfo uri) {
        return invalidField("limit", "must be an integer from 1 to 100, given once", uri);
    }

    /** The validation problem for one query parameter the application checks itself. */
    private Response invalidField(String field, String message, UriInfo uri) {
        Problem.FieldError error = new Problem.FieldError(field, message);
        return problems.response(problems.validation("The request has invalid fields.", List.of(error), path(uri)));
    }

    @ServerExceptionMapper
    public Response usernameTaken(UsernameTakenException e, UriInfo uri) {
        return problems.response(problems.of(ProblemType.USERNAME_TAKEN, "That username is already taken.", path(uri)));
    }

    @ServerExceptionMapper
    public Response badCredentials(InvalidCredentialsException e, UriInfo uri) {
        return challenged(problems.response(problems.of(ProblemType.CREDENTIALS, "Invalid username or password.",
                path(uri))));
    }

    /** The same answer whichever limit refused, so that it tells nothing about the username. */
    @ServerExceptionMapper
    public Response tooManyAttempts(TooManyAttemptsException e, UriInfo uri) {
        return retryAfter(problems.of(ProblemType.TOO_MANY_ATTEMPTS,
                "Too many attempts; try again after the number of seconds in Retry-After.", path(uri)),
                e.retryAfterSeconds());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthenticatedException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    /**
     * The session keys are unusable until an operator sets a strong version (logged as an ERROR once, when it
     * happened); the answer names no version or vault.
     */
    @ServerExceptionMapper
    public Response sessionKeysUnavailable(SessionKeysUnavailableException e, UriInfo uri) {
        LOG.debugf("Session keys unavailable, answered 503 to %s", path(uri));
        return retryAfter(problems.of(ProblemType.SESSION_KEYS_UNAVAILABLE,
                "Sessions cannot be checked or started right now; try again later.", path(uri)),
                SESSION_KEYS_RETRY_AFTER_SECONDS);
    }

    /** A valid cookie of an account that no longer exists is no session, as {@code GET /api/session} answers. */
    @ServerExceptionMapper
    public Response ownerNotFound(OwnerNotFoundException e, UriInfo uri) {
        return unauthenticated(uri);
    }

    private Response unauthenticated(UriInfo uri) {
        return challenged(problems.response(problems.of(ProblemType.UNAUTHENTICATED, "Sign in to use this resource.",
                path(uri))));
    }

    /**
     * RFC 9110 requires a challenge on every 401. No scheme is registered for a session cookie; this one names how to
     * authenticate, browsers show no prompt for it, and a client with an authenticator (Java's HttpClient fails a
     * 401 without any challenge) gets one it can decline.
     */
    private static Response challenged(Response response) {
        return Response.fromResponse(response).header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE).build();
    }

    /** The problem, with the whole seconds after which the client may try again. */
    private Response retryAfter(Problem problem, long seconds) {
        return Response.fromResponse(problems.response(problem)).header(HttpHeaders.RETRY_AFTER, seconds).build();
    }

    @ServerExceptionMapper
    public Response noteNotFound(NoteNotFoundException e, UriInfo uri) {
        return problems.response(problems.ofStatus(404, path(uri)));
    }

    /** Wrong JSON types, e.g. a number or an array where a string belongs, or no body at all. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = FieldErrors.fieldOf(e);
        if (field.isEmpty()) {
            return problems.response(problems.of(ProblemType.MALFORMED_BODY,
                    "The request body must be a JSON object.", path(uri)));
        }
        Problem.FieldError error = new Problem.FieldError(field, String.class.equals(e.getTargetType())
                ? "must be a JSON string" : "has the wrong JSON type");
        return problems.response(problems.validation("The request has invalid fields.", List.of(error), path(uri)));
    }

    /** Anything else Jackson refuses: syntax errors, bytes that are not UTF-8, truncated documents. */
    @ServerExceptionMapper
    public Response malformedJson(JacksonException e, UriInfo uri) {
        return problems.response(problems.of(ProblemType.MALFORMED_BODY, "The request body is not valid JSON.",
                path(uri)));
    }

    /** Framework answers (404, 405, 406, 415, …) keep their status but get a problem body. */
    @ServerExceptionMapper
    public Response framework(WebApplicationException e, UriInfo uri, HttpServerRequest request) {
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedInput(mismatch, uri);
        }
        if (e.getCause() instanceof JacksonException jackson) {
            return malformedJson(jackson, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri, request);
        }
        Response response = problems.response(problems.ofStatus(status, path(uri)));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null ? response : Response.fromResponse(response).header(HttpHeaders.ALLOW, allow).build();
    }

    /**
     * Everything unforeseen: logged in full under a correlation id, answered with that id only. A database out of
     * reach is foreseen, whatever exception carries it: 503 with {@code Retry-After}, one WARN line. So is a client
     * that hung up before its body arrived: a DEBUG line, and a 400 nobody will read. And so is a request that was
     * answered before the application could: an HTTP/2 body of undeclared length that grows past
     * {@code max-body-size} gets an empty 413 from Quarkus REST's input stream, which then throws; a DEBUG line (the
     * answer below cannot be written again, and {@link ProblemRoutes} lets that go quietly too).
     */
    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpServerRequest request) {
        if (ClientGone.explains(e)) {
            LOG.debugf("The client closed the connection before its request to %s was read", path(uri));
            return problems.response(problems.ofStatus(400, path(uri)));
        }
        if (request.response().ended()) {
            LOG.debugf("The request to %s was answered %d before the application could: %s", path(uri),
                    request.response().getStatusCode(), e.toString());
            return problems.response(problems.ofStatus(request.response().getStatusCode(), path(uri)));
        }
        if (DatabaseOutage.explains(e)) {
            LOG.warnf("Database unavailable, answered 503 to %s: %s", path(uri), rootCause(e));
            return retryAfter(problems.databaseUnavailable(path(uri)), DATABASE_RETRY_AFTER_SECONDS);
        }
        String correlationId = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected error, correlation id %s, path %s", correlationId, path(uri));
        return problems.response(problems.internal(correlationId, path(uri)));
    }

    /** Class and message of the innermost cause: enough to tell a refused connection from a timeout. */
    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String path(UriInfo uri) {
        try {
            return uri.getRequestUri().getRawPath();
        } catch (RuntimeException e) {
            // The request URI is built with the client's Host header, which need not be a valid authority ("a b").
            return uri.getPath();
        }
    }
}
