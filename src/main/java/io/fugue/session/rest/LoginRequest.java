package io.fugue.session.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.hibernate.validator.constraints.CodePointLength;

import io.fugue.web.PlainText;

/**
 * Body of {@code POST /api/session}. Only presence, an upper bound and (for the username, which reaches the database)
 * storable text are checked: anything else that cannot match an account gets the same 401 as a wrong password.
 */
public record LoginRequest(
        @NotNull @Size(max = 64) @PlainText String username,
        // In characters, as at sign-up: a password of 1024 emoji must be able to log in.
        @NotNull @CodePointLength(max = 1024) String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + "]";
    }
}
