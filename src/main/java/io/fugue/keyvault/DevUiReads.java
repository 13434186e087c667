package io.fugue.keyvault;

/**
 * Recognises a configuration read made by Quarkus' Dev UI. Its configuration page (Quarkus 3.33) reads every
 * property with secret keys locked and handles neither SmallRye's {@link SecurityException} (the whole page fails)
 * nor a missing value (its {@code getAllValues} throws a NullPointerException), so {@link SecretPropertiesInterceptor}
 * answers the Dev UI with a placeholder instead. Any class of a {@code devui} package counts (Quarkus' own and the
 * extensions' Dev UI services live in such packages), so other pages that read configuration get the placeholder
 * too. Asked only in dev mode, for a locked read of a Key Vault backed property, which is rare: the stack walk costs
 * nothing on the paths that matter.
 */
final class DevUiReads {

    private static final String DEV_UI_PACKAGE = ".devui.";

    private DevUiReads() {
    }

    static boolean inProgress() {
        return StackWalker.getInstance()
                .walk(frames -> frames.anyMatch(frame -> frame.getClassName().contains(DEV_UI_PACKAGE)));
    }
}
