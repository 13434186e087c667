package io.fugue.keyvault;

/**
 * A refresh found every version of a secret disabled. The cached value stays (nothing enabled could replace it), but
 * the refresh fails for that secret, so that health and the refresh metrics show it instead of a success.
 */
final class NoEnabledVersionException extends RuntimeException {

    NoEnabledVersionException() {
        super("no enabled version: the cached one is kept until a version is enabled or a new one is set", null, false,
                false);
    }
}
