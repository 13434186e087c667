package io.fugue.account.rest;

import java.util.UUID;

import io.fugue.account.Account;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Public view of an account. */
@RegisterForReflection
public record AccountResponse(UUID id, String username) {

    static AccountResponse of(Account account) {
        return new AccountResponse(account.id, account.username);
    }
}
