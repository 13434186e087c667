package io.fugue.note;

/** A {@code cursor} query parameter that this service did not issue; answered with 400. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException() {
        super("Invalid cursor", null, false, false);
    }
}
