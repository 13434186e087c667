package io.fugue.note;

/** A {@code limit} query parameter given without a value, or more than once; answered with 400. */
public class InvalidLimitException extends RuntimeException {

    public InvalidLimitException() {
        super("Invalid limit", null, false, false);
    }
}
