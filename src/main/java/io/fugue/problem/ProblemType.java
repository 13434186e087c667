package io.fugue.problem;

import jakarta.ws.rs.core.Response;

/** The problem types this API answers with; {@code about:blank} ones are fully described by their status. */
public enum ProblemType {
    VALIDATION("urn:fugue:problem:validation", 400, "Invalid request"),
    MALFORMED_BODY("urn:fugue:problem:malformed-body", 400, "Malformed request body"),
    CREDENTIALS("urn:fugue:problem:invalid-credentials", 401, "Invalid credentials"),
    UNAUTHENTICATED("urn:fugue:problem:unauthenticated", 401, "Authentication required"),
    USERNAME_TAKEN("urn:fugue:problem:username-taken", 409, "Username taken"),
    /** A conditional edit or delete ({@code If-Match}) of a note that has changed since. */
    NOTE_CHANGED("urn:fugue:problem:note-changed", 412, "Note changed"),
    TOO_MANY_ATTEMPTS("urn:fugue:problem:too-many-attempts", 429, "Too many attempts"),
    INTERNAL("urn:fugue:problem:internal", 500, "Internal server error"),
    DATABASE_UNAVAILABLE("urn:fugue:problem:database-unavailable", 503, "Database unavailable"),
    /** Operations hook only: a refresh asked for could not reach Key Vault; the cached secrets stay in use. */
    KEY_VAULT_UNAVAILABLE("urn:fugue:problem:key-vault-unavailable", 503, "Key Vault unavailable"),
    /** No session key may be used (the newest version in the vault is too weak, no strong one is held). */
    SESSION_KEYS_UNAVAILABLE("urn:fugue:problem:session-keys-unavailable", 503, "Session keys unavailable"),
    /** Operations hook only: a flush asked for was refused, since new connections could not log in. */
    DATABASE_LOGIN_FAILS("urn:fugue:problem:database-login-fails", 409, "New connections cannot log in");

    private final String uri;
    private final int status;
    private final String title;

    ProblemType(String uri, int status, String title) {
        this.uri = uri;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** Title for an {@code about:blank} problem: the status' reason phrase. */
    static String titleOf(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : Response.Status.Family.familyOf(status).name();
    }
}
