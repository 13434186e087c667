package io.fugue.account.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.hibernate.validator.constraints.CodePointLength;

import io.fugue.account.Account;
import io.fugue.web.PlainText;

/** Body of {@code POST /api/accounts}. */
public record CreateAccountRequest(
        @NotNull
        @Pattern(regexp = Account.USERNAME_PATTERN,
                message = "must be 3 to 64 characters of letters, digits, '_', '.' or '-'")
        String username,
        // Characters (code points), not UTF-16 units: six emoji are not twelve characters. The upper bound keeps the
        // work per request small; see PasswordHasher for the 72-byte bcrypt limit. An unpaired surrogate has no UTF-8
        // form and would be hashed as '?', so that different passwords would match; NUL hashes as itself.
        @NotNull
        @CodePointLength(min = 12, max = 1024, message = "must be between 12 and 1024 characters")
        @PlainText(nulAllowed = true, message = "must not contain unpaired surrogates")
        String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "CreateAccountRequest[username=" + username + "]";
    }
}
