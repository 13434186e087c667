package io.fugue.account.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.fugue.account.Account;

/** Body of {@code POST /api/accounts}. */
public record CreateAccountRequest(
        @NotNull
        @Pattern(regexp = Account.USERNAME_PATTERN,
                message = "must be 3 to 64 characters of letters, digits, '_', '.' or '-'")
        String username,
        // The upper bound keeps hashing work per request small; see PasswordHasher for the 72-byte bcrypt limit.
        @NotNull
        @Size(min = 12, max = 1024, message = "must be between 12 and 1024 characters")
        String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CreateAccountRequest[username=" + username + "]";
    }
}
