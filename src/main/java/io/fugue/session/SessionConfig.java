package io.fugue.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Session cookie and signing-key settings. */
@ConfigMapping(prefix = "fugue.session")
public interface SessionConfig {

    /**
     * Key material that signs new session tokens (HMAC-SHA256). The UTF-8 bytes of the value are the key, so it must
     * be at least 32 bytes long; startup fails otherwise. In production it comes from Key Vault
     * ({@code ${kv//session-signing-key}}).
     */
    String signingKey();

    /**
     * Former signing keys that are still accepted for verification, so that rotating {@code signing-key} by
     * redeploying does not log everyone out. Sessions signed with one of them are re-issued with the signing key.
     * Each must be at least 32 bytes. Comma-separated; escape a comma inside a key as {@code \,}.
     */
    Optional<List<String>> fallbackKeys();

    /** Name of the session cookie. */
    @WithDefault("fugue_session")
    String cookieName();

    /** Absolute session lifetime, counted from login; re-issuing a session does not extend it. */
    @WithDefault("PT12H")
    Duration maxAge();

    /** Whether the cookie carries the {@code Secure} flag; only turn this off for plain-HTTP development. */
    @WithDefault("true")
    boolean secureCookie();

    /** Server-side revocation of logged-out sessions. */
    Revocation revocation();

    /** Session tokens are stateless unless this is enabled; see docs/reliability.md "Session attacks". */
    interface Revocation {

        /**
         * Whether logout revokes the session server-side: its id ({@code jti}) is stored in PostgreSQL until the token
         * would expire and every verification looks it up (a primary-key read), so a copy of the cookie kept after
         * logout is refused. Off: logout only clears the browser's cookie, and a copy stays valid until
         * {@code max-age} runs out. Turning it on refuses sessions issued by versions without {@code jti}.
         */
        @WithDefault("false")
        boolean enabled();
    }
}
