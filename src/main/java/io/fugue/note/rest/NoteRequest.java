package io.fugue.note.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.fugue.web.PlainText;

/**
 * Body of {@code POST /api/notes} and {@code PUT /api/notes/{id}}. Both fields are required; the body may be the
 * empty string (a note can be just a title) but not {@code null}, so a PUT always states the whole note.
 */
public record NoteRequest(
        @NotNull @Size(min = 1, max = 200) @PlainText String title,
        @NotNull @Size(max = 10_000) @PlainText String body) {
}
