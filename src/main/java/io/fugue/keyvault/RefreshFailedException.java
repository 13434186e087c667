package io.fugue.keyvault;

/**
 * A refresh could not ask the vault about some secret. The message is the explanation health and the operations hook
 * show (vault, secret names, statuses; never a value); the SDK's failures are the cause and its suppressed exceptions.
 * It travels with the failure because {@link SecretRefresher#lastError()} may already describe a later refresh.
 */
public final class RefreshFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RefreshFailedException(String explanation, Throwable cause) {
        super(explanation, cause);
    }
}
