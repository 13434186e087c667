package io.fugue.testing.keyvault;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;

/**
 * Points the JVM's standard trust-store properties at the emulator's trust store, the same way a user would trust a
 * corporate proxy, and checks that it took effect.
 * <p>
 * The JDK reads {@code javax.net.ssl.trustStore} once, when the default {@code SSLContext} is first used, and never
 * again. If something in the JVM used it before the emulator started, the SDK will not trust the emulator whatever
 * the properties say; {@link #verify} turns that into a clear error instead of a handshake failure deep in a test.
 */
public final class JvmTrust {

    private static final Map<String, String> PREVIOUS = new HashMap<>();

    private JvmTrust() {
    }

    public static synchronized void install(TrustStoreSettings settings) {
        settings.systemProperties().forEach((name, value) -> {
            PREVIOUS.putIfAbsent(name, System.getProperty(name));
            System.setProperty(name, value);
        });
    }

    public static synchronized void uninstall() {
        PREVIOUS.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
        PREVIOUS.clear();
    }

    /** Handshakes with the emulator through the default {@code SSLContext}; fails when it is not trusted. */
    public static void verify(KeyVaultEmulator emulator) {
        try (SSLSocket socket = (SSLSocket) SSLContext.getDefault().getSocketFactory()
                .createSocket("127.0.0.1", emulator.port())) {
            socket.startHandshake();
        } catch (SSLHandshakeException e) {
            throw new IllegalStateException("The JVM's default SSLContext does not trust the Key Vault emulator: it was"
                    + " initialised before javax.net.ssl.trustStore pointed at " + emulator.trustStore().path()
                    + ". Start the emulator before anything uses HTTPS, or set the trust store on the command line.", e);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("Cannot reach the Key Vault emulator on port " + emulator.port(), e);
        }
    }
}
