package io.fugue.account.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.fugue.account.AccountService;

/** Registration. */
@Path("/api/accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;

    public AccountResource(AccountService accounts) {
        this.accounts = accounts;
    }

    /** 201 with the new account; 409 when the username is taken (UsernameTakenException). */
    @POST
    @ResponseStatus(201)
    public AccountResponse create(@Valid @NotNull CreateAccountRequest requestBody) {
        return AccountResponse.of(accounts.register(requestBody.username(), requestBody.password()));
    }
}
