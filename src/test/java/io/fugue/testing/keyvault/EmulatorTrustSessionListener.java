package io.fugue.testing.keyvault;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Points the JVM at the emulator's trust store before the first test runs.
 * <p>
 * The JDK reads {@code javax.net.ssl.trustStore} only when the default {@code SSLContext} is first used; were any
 * earlier test to use HTTPS first, no emulator started later in the same JVM could be trusted. The store also holds
 * the JDK's default anchors, so nothing else loses trust. Registered in
 * {@code META-INF/services/org.junit.platform.launcher.LauncherSessionListener}.
 */
public class EmulatorTrustSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        JvmTrust.install(RunCertificateAuthority.get().trustStore());
    }
}
