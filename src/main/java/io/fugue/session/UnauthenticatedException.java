package io.fugue.session;

/** The request needs a valid session and has none; answered with 401. Carries no token or credential. */
public class UnauthenticatedException extends RuntimeException {

    private final RejectionReason reason;

    public UnauthenticatedException(RejectionReason reason) {
        super("No valid session: " + reason.tag(), null, false, false);
        this.reason = reason;
    }

    /** Why; for logs and metrics only, never for the client. */
    public RejectionReason reason() {
        return reason;
    }
}
