package io.fugue.account;

/** Another account already has this username (compared case-insensitively); answered with 409. */
public class UsernameTakenException extends RuntimeException {

    public UsernameTakenException() {
        super("Username is already taken", null, false, false);
    }
}
