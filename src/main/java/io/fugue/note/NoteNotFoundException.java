package io.fugue.note;

/** No such note for this owner (it may exist for another); answered with 404 either way. */
public class NoteNotFoundException extends RuntimeException {

    public NoteNotFoundException() {
        super("Note not found", null, false, false);
    }
}
