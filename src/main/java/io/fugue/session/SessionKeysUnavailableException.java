package io.fugue.session;

/**
 * No session key may be used: the signing key's newest version is too weak, and no older strong version is held.
 * Sessions are refused (503) rather than signed or verified with a version the vault no longer offers (one just
 * disabled, e.g. a leaked key). The message names versions and the secret, never a value.
 */
public final class SessionKeysUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    SessionKeysUnavailableException(String message) {
        super(message, null, false, false);
    }
}
