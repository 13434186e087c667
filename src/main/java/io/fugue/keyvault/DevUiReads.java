package io.fugue.keyvault;

/**
 * Recognises a configuration read made by Quarkus' Dev UI for its configuration page. That page (Quarkus 3.33) reads
 * every property with secret keys locked and handles neither SmallRye's {@link SecurityException} (the whole page
 * fails) nor a missing value (its {@code getAllValues} throws a NullPointerException), so {@link
 * SecretPropertiesInterceptor} answers it with a placeholder instead. Asked only in dev mode, for a locked read of
 * a Key Vault backed property, which is rare: the stack walk costs nothing on the paths that matter.
 */
final class DevUiReads {

    private static final String DEV_UI_CONFIGURATION = "io.quarkus.devui.runtime.config.";

    private DevUiReads() {
    }

    static boolean inProgress() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getClassName().startsWith(DEV_UI_CONFIGURATION)));
    }
}
