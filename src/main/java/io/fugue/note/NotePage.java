package io.fugue.note;

import java.util.List;
import java.util.Optional;

/** One page of notes, newest first, and where the next one starts (empty on the last page). */
public record NotePage(List<Note> items, Optional<NoteCursor> next) {
}
