package io.fugue.session.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/session}. Only presence and an upper bound are checked: anything else that cannot match
 * an account gets the same 401 as a wrong password.
 */
public record LoginRequest(
        @NotNull @Size(max = 64) String username,
        @NotNull @Size(max = 1024) String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LoginRequest[username=" + username + "]";
    }
}
