package io.fugue.keyvault;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.time.Duration;

import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

class UntilDeadlineBackoffTest {

    private final UntilDeadlineBackoff backoff = new UntilDeadlineBackoff(Duration.ofMillis(200), Duration.ofSeconds(8));

    @Test
    void retriesForAsLongAsTheCallerWaitsWithABoundedDelay() {
        assertTrue(backoff.getMaxRetries() == Integer.MAX_VALUE);
        for (int attempt : new int[] { 0, 5, 40, 63, 64, 1_000, Integer.MAX_VALUE }) {
            Duration delay = backoff.calculateRetryDelay(attempt);
            assertTrue(!delay.isNegative() && !delay.isZero() && delay.compareTo(Duration.ofSeconds(8)) <= 0,
                    () -> "attempt " + attempt + ": " + delay);
        }
    }

    @Test
    void noLinkOfAnUntrustedCertificatesChainIsRetried() {
        // The JDK's chain for an unknown CA; the SDK asks about every link and retries if any says yes.
        CertPathBuilderException unknownCa = new CertPathBuilderException("unable to find valid certification path");
        CertificateException validator = new CertificateException("PKIX path building failed", unknownCa);
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(validator);
        UncheckedIOException top = new UncheckedIOException(handshake);

        for (Throwable link : new Throwable[] { top, handshake, validator, unknownCa }) {
            assertFalse(backoff.shouldRetryException(link), link::toString);
        }
    }

    @Test
    void transientIoFailuresAreRetried() {
        SSLHandshakeException reset = new SSLHandshakeException("Remote host terminated the handshake");
        reset.initCause(new EOFException("SSL peer shut down incorrectly"));

        assertTrue(backoff.shouldRetryException(reset));
        assertTrue(backoff.shouldRetryException(new ConnectException("Connection refused")));
        assertTrue(backoff.shouldRetryException(new IOException("Connection reset")));
    }
}
