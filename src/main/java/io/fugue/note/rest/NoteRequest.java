package io.fugue.note.rest;

import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.CodePointLength;

import io.fugue.web.PlainText;

/**
 * Body of {@code POST /api/notes} and {@code PUT /api/notes/{id}}. Both fields are required; the body may be the
 * empty string (a note can be just a title) but not {@code null}, so a PUT always states the whole note. Lengths count
 * characters (code points), as the {@code varchar} columns do, not UTF-16 units: 200 emoji are a valid title.
 */
public record NoteRequest(
        @NotNull @CodePointLength(min = 1, max = 200) @PlainText String title,
        @NotNull @CodePointLength(max = 10_000) @PlainText String body) {
}
