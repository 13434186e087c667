package io.fugue.problem;

import io.vertx.core.http.HttpClosedException;

/**
 * Tells a client that closed its connection before its request body arrived (a cancelled upload, a load tool
 * stopping, a mobile network dropping) from a bug: nobody is left to answer, and it is no error of fugue's.
 */
final class ClientGone {

    private ClientGone() {
    }

    static boolean explains(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpClosedException) {
                return true;
            }
        }
        return false;
    }
}
