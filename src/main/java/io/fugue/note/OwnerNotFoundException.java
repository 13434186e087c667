package io.fugue.note;

/** The session's account no longer exists (deleted while its cookie lives on): a note cannot be created for it. */
public class OwnerNotFoundException extends RuntimeException {

    public OwnerNotFoundException() {
        super("The note's owner does not exist", null, false, false);
    }
}
