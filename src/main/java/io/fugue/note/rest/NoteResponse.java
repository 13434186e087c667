package io.fugue.note.rest;

import java.time.Instant;
import java.util.UUID;

import io.fugue.note.Note;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A note as the API shows it. */
@RegisterForReflection
public record NoteResponse(UUID id, String title, String body, Instant createdAt, Instant updatedAt) {

    static NoteResponse of(Note note) {
        return new NoteResponse(note.id, note.title, note.body, note.createdAt, note.updatedAt);
    }
}
