package io.fugue.session;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Authenticates {@link RequiresSession} endpoints by their session cookie and hands back re-issued cookies. */
public class SessionFilters {

    private static final Logger LOG = Logger.getLogger(SessionFilters.class);
    private static final String NO_STORE = "no-store";

    private final SessionService sessions;
    private final SessionCookies cookies;
    private final SessionConfig config;
    private final CurrentSession current;

    public SessionFilters(SessionService sessions, SessionCookies cookies, SessionConfig config,
            CurrentSession current) {
        this.sessions = sessions;
        this.cookies = cookies;
        this.config = config;
        this.current = current;
    }

    /** Throws {@link UnauthenticatedException} (401) when the cookie is missing or refused. */
    @RequiresSession
    @ServerRequestFilter
    public void authenticate(ContainerRequestContext request) {
        Cookie cookie = request.getCookies().get(config.cookieName());
        try {
            current.set(sessions.verify(cookie == null ? null : cookie.getValue()));
        } catch (UnauthenticatedException e) {
            LOG.debugf("Session refused on %s %s: %s", request.getMethod(), request.getUriInfo().getPath(),
                    e.reason().tag());
            throw e;
        }
    }

    /**
     * A session verified with an older key goes back to the browser signed with the newest one. Every answer to a
     * session is private (a user's notes, a re-issued cookie), so no shared cache in front may keep it.
     */
    @RequiresSession
    @ServerResponseFilter
    public void reissue(ContainerResponseContext response) {
        current.maybe().ifPresent(session -> session.reissuedToken().ifPresent(token -> response.getHeaders()
                .add(HttpHeaders.SET_COOKIE, cookies.session(token, session.claims().expiresAt()))));
        response.getHeaders().putIfAbsent(HttpHeaders.CACHE_CONTROL, List.of(NO_STORE));
    }

    /**
     * A logout that fails (503 while the database is away, with server-side revocation on) still makes the browser
     * forget the session: the user asked to be logged out here, whatever the server could record.
     */
    @EndsSession
    @ServerResponseFilter
    public void clearCookie(ContainerResponseContext response) {
        if (!response.getHeaders().containsKey(HttpHeaders.SET_COOKIE)) {
            response.getHeaders().add(HttpHeaders.SET_COOKIE, cookies.cleared());
        }
        response.getHeaders().putIfAbsent(HttpHeaders.CACHE_CONTROL, List.of(NO_STORE));
    }
}
