package io.fugue.note.rest;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.fugue.note.InvalidCursorException;
import io.fugue.note.InvalidLimitException;
import io.fugue.note.Note;
import io.fugue.note.NoteChangedException;
import io.fugue.note.NoteCursor;
import io.fugue.note.NoteNotFoundException;
import io.fugue.note.NoteService;
import io.fugue.problem.Problem;
import io.fugue.problem.ProblemType;
import io.fugue.problem.Problems;
import io.fugue.session.CurrentSession;
import io.fugue.session.RequiresSession;
import io.vertx.core.http.HttpServerRequest;

/** The caller's notes. Another account's note, or an id that is no UUID, is a 404. */
@Path(NoteResource.PATH)
@RequiresSession
@Produces(MediaType.APPLICATION_JSON)
public class NoteResource {

    static final String PATH = "/api/notes";

    /** Canonical form only: {@link UUID#fromString} also takes shortened groups such as "1-1-1-1-1". */
    private static final Pattern UUID_FORM =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final NoteService notes;
    private final CurrentSession session;
    private final Problems problems;

    public NoteResource(NoteService notes, CurrentSession session, Problems problems) {
        this.notes = notes;
        this.session = session;
        this.problems = problems;
    }

    /**
     * {@code Location} is a path, which RFC 9110 allows and clients resolve against the URL they called. An absolute
     * URL would be built from the client's {@code Host} or a proxy's {@code Forwarded} header, which need not be a
     * valid authority: the note would be stored and its creator told 500 (found by the hostile-input fuzz).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull NoteRequest requestBody) {
        Note note = notes.create(session.accountId(), requestBody.title(), requestBody.body());
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, PATH + "/" + note.id)
                .tag(NoteTags.of(note))
                .entity(NoteResponse.of(note))
                .build();
    }

    /** Newest first; {@code limit} is taken as text so that "abc" is a 400 like "0", not JAX-RS' 404. */
    @GET
    public NotePageResponse list(
            @QueryParam("limit") @DefaultValue("20")
            @jakarta.validation.constraints.Pattern(regexp = "[1-9][0-9]?|100",
                    message = "must be an integer from 1 to 100") String limit,
            @QueryParam("cursor") String cursor, @Context HttpServerRequest request) {
        // Quarkus REST takes "limit=" for no limit at all (the default applies) and the first of repeated values.
        // Either is a client's bug: an empty cursor would restart at the first page, and a client paging with
        // cursor=${next} would loop for ever.
        if (!singleValue(request, "limit")) {
            throw new InvalidLimitException();
        }
        if (!singleValue(request, "cursor")) {
            throw new InvalidCursorException();
        }
        Optional<NoteCursor> after = Optional.ofNullable(cursor).map(NoteCursor::decode);
        return NotePageResponse.of(notes.list(session.accountId(), Integer.parseInt(limit), after));
    }

    /** With {@code If-None-Match} naming the current ETag, 304 without a body. */
    @GET
    @Path("{id}")
    public RestResponse<NoteResponse> get(@PathParam("id") String id, @Context Request request) {
        Note note = notes.find(session.accountId(), parseId(id)).orElseThrow(NoteNotFoundException::new);
        EntityTag tag = NoteTags.of(note);
        Response.ResponseBuilder unmet = request.evaluatePreconditions(tag);
        if (unmet == null) {
            return RestResponse.ResponseBuilder.ok(NoteResponse.of(note)).tag(tag).build();
        }
        if (unmet.build().getStatus() == Response.Status.NOT_MODIFIED.getStatusCode()) {
            return RestResponse.ResponseBuilder.<NoteResponse>notModified(tag).build();
        }
        throw new NoteChangedException(note); // If-Match with a stale tag
    }

    /** With {@code If-Match}, only if the note is still at that ETag: a 412 otherwise, and nothing is changed. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public RestResponse<NoteResponse> update(@PathParam("id") String id, @Valid @NotNull NoteRequest requestBody,
            @Context Request request) {
        Note note = notes.update(session.accountId(), parseId(id), requestBody.title(), requestBody.body(),
                current -> NoteTags.holdFor(request, current));
        return RestResponse.ResponseBuilder.ok(NoteResponse.of(note)).tag(NoteTags.of(note)).build();
    }

    /** With {@code If-Match}, only if the note is still at that ETag: a 412 otherwise, and nothing is deleted. */
    @DELETE
    @Path("{id}")
    public void delete(@PathParam("id") String id, @Context Request request) {
        notes.delete(session.accountId(), parseId(id), current -> NoteTags.holdFor(request, current));
    }

    /** The answer names the note's current ETag, so that a client can tell which version it would overwrite. */
    @ServerExceptionMapper
    public Response changed(NoteChangedException e) {
        Note current = e.current();
        EntityTag tag = NoteTags.of(current);
        Problem problem = problems.of(ProblemType.NOTE_CHANGED, "The note is no longer at the version the request's "
                + "precondition names: its ETag is now " + tag + ". Nothing was changed; read the note again before "
                + "changing it.", PATH + "/" + current.id);
        return Response.fromResponse(problems.response(problem)).tag(tag).build();
    }

    /** Whether the query parameter is absent, or given once with a value. */
    private static boolean singleValue(HttpServerRequest request, String name) {
        List<String> values = request.params().getAll(name);
        return values.isEmpty() || (values.size() == 1 && !values.get(0).isEmpty());
    }

    private static UUID parseId(String id) {
        if (!UUID_FORM.matcher(id).matches()) {
            throw new NoteNotFoundException();
        }
        return UUID.fromString(id);
    }
}
