package io.fugue.note;

/** The note is not in the state the request's precondition names (a stale {@code If-Match}); nothing was changed. */
public class NoteChangedException extends RuntimeException {

    private final transient Note current;

    public NoteChangedException(Note current) {
        super("Note changed", null, false, false);
        this.current = current;
    }

    /** The note as it is now, so that the answer can name its current version. */
    public Note current() {
        return current;
    }
}
