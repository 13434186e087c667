package io.fugue.keyvault;

import static io.fugue.keyvault.BootFailures.assertSays;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.util.Set;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

/**
 * I/O failures are told apart by the exception that says what happened, wherever it sits in the chain: the JDK HTTP
 * client puts it in the middle (a refused connection is a {@code ConnectException} caused by a
 * {@code ClosedChannelException}).
 */
class FailureExplainerTest {

    private static final SecretReference REFERENCE =
            new SecretReference(URI.create("https://fugue-kv.vault.azure.net/"), "db-password", null);

    private final FailureExplainer explainer = new FailureExplainer("the managed identity with client id x",
            new RequestStats());

    /** At a refresh, a secret with every version disabled fails alone: the vault's other secrets are still asked. */
    @Test
    void aSecretWithNoEnabledVersionIsAboutThatSecretAlone() {
        assertTrue(FailureExplainer.aboutOneSecret(new NoEnabledVersionException()));
    }

    @Test
    void refusedConnection() {
        String message = explain(wrapped(new ConnectException(), new ClosedChannelException()));

        assertSays(message, "the connection to https://fugue-kv.vault.azure.net/ was refused");
    }

    @Test
    void connectTimeoutIsATimeoutNotARefusal() {
        String message = explain(wrapped(new HttpConnectTimeoutException("HTTP connect timed out"),
                new ConnectException("HTTP connect timed out")));

        assertSays(message, "the vault did not answer in time");
        assertFalse(message.contains("refused"), message);
    }

    @Test
    void untrustedCertificate() {
        String message = explain(wrapped(new SSLHandshakeException("PKIX path building failed"),
                new CertificateException("unable to find valid certification path to requested target")));

        assertSays(message, "the TLS handshake with https://fugue-kv.vault.azure.net/ failed (PKIX path building "
                + "failed)", "trusted by this JVM (javax.net.ssl.trustStore)");
    }

    private String explain(Throwable failure) {
        return explainer.explain(Set.of("quarkus.datasource.password"), REFERENCE, failure);
    }

    /** As the SDK hands it over: the JDK's exception, with its cause, inside an unchecked wrapper. */
    private static Throwable wrapped(Exception telling, Exception cause) {
        telling.initCause(cause);
        return new UncheckedIOException(new java.io.IOException(telling));
    }
}
