package io.fugue.session;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes the session's {@code Set-Cookie} header values. Written by hand rather than with {@code NewCookie}, whose
 * serialization adds the obsolete {@code Version=1}. Setting and clearing use the same attributes, so that browsers
 * replace the cookie rather than keep two.
 */
@ApplicationScoped
public class SessionCookies {

    private final SessionConfig config;

    public SessionCookies(SessionConfig config) {
        this.config = config;
    }

    /** The session cookie's name. */
    public String name() {
        return config.cookieName();
    }

    /** The cookie carrying {@code token} (base64url and dots only), living as long as the session has left. */
    public String session(String token, Instant expiresAt) {
        long remaining = Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds());
        return cookie(token, remaining);
    }

    /** A cookie that makes the browser forget the session at once. */
    public String cleared() {
        return cookie("", 0);
    }

    private String cookie(String value, long maxAge) {
        return config.cookieName() + "=" + value + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (config.secureCookie() ? "; Secure" : "");
    }
}
