package io.fugue.session.rest;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.Response;

import io.fugue.account.AccountService;
import io.fugue.account.InvalidCredentialsException;
import io.fugue.ratelimit.ClientAddresses;
import io.fugue.ratelimit.LoginGuard;
import io.fugue.session.CurrentSession;
import io.fugue.session.EndsSession;
import io.fugue.session.RejectionReason;
import io.fugue.session.RequiresSession;
import io.fugue.session.SessionCookies;
import io.fugue.session.SessionService;
import io.fugue.session.SessionService.IssuedSession;
import io.fugue.session.UnauthenticatedException;
import io.vertx.core.http.HttpServerRequest;

/** Login, "who am I" and logout. Session answers are never cached. */
@Path("/api/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {

    private static final String NO_STORE = "no-store";

    private final AccountService accounts;
    private final SessionService sessions;
    private final SessionCookies cookies;
    private final CurrentSession current;
    private final LoginGuard guard;
    private final ClientAddresses clients;

    public SessionResource(AccountService accounts, SessionService sessions, SessionCookies cookies,
            CurrentSession current, LoginGuard guard, ClientAddresses clients) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.cookies = cookies;
        this.current = current;
        this.guard = guard;
        this.clients = clients;
    }

    /**
     * 204 with the session cookie; 401, the same for an unknown user and a wrong password; 429 with
     * {@code Retry-After} once the username or the client has failed too often (TooManyAttemptsException).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response login(@Valid @NotNull LoginRequest requestBody, @Context HttpServerRequest request) {
        IssuedSession session = guard.login(requestBody.username(), clients.of(request),
                        () -> accounts.authenticate(requestBody.username(), requestBody.password()))
                .map(account -> sessions.issue(account.id))
                .orElseThrow(InvalidCredentialsException::new);
        return Response.noContent()
                .header(HttpHeaders.SET_COOKIE, cookies.session(session.token(), session.claims().expiresAt()))
                .header(HttpHeaders.CACHE_CONTROL, NO_STORE)
                .build();
    }

    /** 200 with the username; 401 without a valid session, or when its account no longer exists. */
    @GET
    @RequiresSession
    public Response whoAmI() {
        SessionResponse body = accounts.findById(current.accountId())
                .map(account -> new SessionResponse(account.username))
                .orElseThrow(() -> new UnauthenticatedException(RejectionReason.INVALID_CLAIMS));
        return Response.ok(body).header(HttpHeaders.CACHE_CONTROL, NO_STORE).build();
    }

    /**
     * 204 and a cleared cookie, with or without a valid session; the cookie is cleared by {@link EndsSession}'s
     * filter, on an error answer too. Tokens are stateless unless {@code fugue.session.revocation.enabled}: without
     * it, a copy of the cookie taken before logout stays valid until it expires; with it, the session is revoked on
     * every replica.
     */
    @DELETE
    @EndsSession
    public Response logout(@Context HttpHeaders headers) {
        Cookie cookie = headers.getCookies().get(cookies.name());
        sessions.end(cookie == null ? null : cookie.getValue());
        return Response.noContent().build();
    }
}
