package io.fugue.account.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.ResponseStatus;

import io.fugue.account.AccountService;
import io.fugue.ratelimit.ClientAddresses;
import io.fugue.ratelimit.LoginGuard;
import io.vertx.core.http.HttpServerRequest;

/** Registration. */
@Path("/api/accounts")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AccountResource {

    private final AccountService accounts;
    private final LoginGuard guard;
    private final ClientAddresses clients;

    public AccountResource(AccountService accounts, LoginGuard guard, ClientAddresses clients) {
        this.accounts = accounts;
        this.guard = guard;
        this.clients = clients;
    }

    /**
     * 201 with the new account; 409 when the username is taken (UsernameTakenException); 429 when
     * {@code fugue.login-limit.client-registrations} is set and the client is over it.
     */
    @POST
    @ResponseStatus(201)
    public AccountResponse create(@Valid @NotNull CreateAccountRequest requestBody,
            @Context HttpServerRequest request) {
        guard.registration(clients.of(request));
        return AccountResponse.of(accounts.register(requestBody.username(), requestBody.password()));
    }
}
