package io.fugue.note.rest;

import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Request;

import io.fugue.note.Note;

/** A note's ETag, and whether a request's conditional headers hold for the note as it is. */
final class NoteTags {

    private NoteTags() {
    }

    /** Strong: two versions of a note never share it. */
    static EntityTag of(Note note) {
        return new EntityTag(Long.toString(note.version));
    }

    /**
     * {@code If-Match} (strong comparison: a weak tag never matches) and {@code If-None-Match}, as RFC 9110 evaluates
     * them for a request that changes the note; true when the request has neither.
     */
    static boolean holdFor(Request request, Note note) {
        return request.evaluatePreconditions(of(note)) == null;
    }
}
