package io.fugue.keyvault;

/** A {@code kv//} reference that cannot be parsed. The message names the property and says what is wrong. */
public class ReferenceSyntaxException extends IllegalArgumentException {

    public ReferenceSyntaxException(String message) {
        super(message);
    }
}
