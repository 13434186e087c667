package io.fugue.note.rest;

import java.util.List;

import io.fugue.note.NoteCursor;
import io.fugue.note.NotePage;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One page of notes, newest first.
 *
 * @param next the cursor for the following page, {@code null} on the last page
 */
@RegisterForReflection
public record NotePageResponse(List<NoteResponse> items, String next) {

    static NotePageResponse of(NotePage page) {
        return new NotePageResponse(page.items().stream().map(NoteResponse::of).toList(),
                page.next().map(NoteCursor::encode).orElse(null));
    }
}
