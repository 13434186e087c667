package io.fugue.session;

/** Outcome of checking one session token. */
public sealed interface SessionVerification {

    /**
     * A valid token.
     *
     * @param claims             what it says
     * @param signedByNewestKey  false when an older key of the ring signed it, so it should be re-issued
     */
    record Accepted(SessionClaims claims, boolean signedByNewestKey) implements SessionVerification {
    }

    /** A refused token. */
    record Rejected(RejectionReason reason) implements SessionVerification {
    }
}
