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

    /**
     * A refused token.
     *
     * @param unknownKid for {@link RejectionReason#UNKNOWN_KEY}, the {@code kid} no key of the ring has, if any
     */
    record Rejected(RejectionReason reason, String unknownKid) implements SessionVerification {

        Rejected(RejectionReason reason) {
            this(reason, null);
        }
    }
}
