package io.fugue.keyvault;

import java.security.GeneralSecurityException;
import java.time.Duration;

import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryStrategy;

/**
 * The SDK's jittered exponential backoff (and its choice of what is transient: 408, 429, 5xx, I/O other than a
 * refused certificate), retried for as long as the caller waits. Boot and every refresh bound their calls with
 * {@code fugue.keyvault.boot-timeout}; a count of retries would give up before that deadline, and the operator would
 * be told to raise a timeout that was never reached. Written here because the SDK's strategies only stop by count.
 */
final class UntilDeadlineBackoff implements RetryStrategy {

    /** The SDK doubles with {@code 1L << attempt}, which overflows to a negative delay after about 35 attempts. */
    private static final int MAX_DOUBLINGS = 16;

    private final ExponentialBackoff backoff;

    UntilDeadlineBackoff(Duration baseDelay, Duration maxDelay) {
        this.backoff = new ExponentialBackoff(
                new ExponentialBackoffOptions().setBaseDelay(baseDelay).setMaxDelay(maxDelay));
    }

    @Override
    public int getMaxRetries() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Duration calculateRetryDelay(int retryAttempts) {
        return backoff.calculateRetryDelay(Math.min(retryAttempts, MAX_DOUBLINGS));
    }

    @Override
    public boolean shouldRetry(HttpResponse response) {
        return backoff.shouldRetry(response);
    }

    /**
     * Not a certificate the JVM refuses (untrusted, expired, another host's): that does not fix itself. The SDK asks
     * about each exception of the cause chain and retries if any is retryable, so every link of a certificate failure
     * must answer no: the ones above it (SSLHandshakeException) and the checks' own (CertPathBuilderException for an
     * unknown CA), which are all, or are caused by, a {@link GeneralSecurityException}.
     */
    @Override
    public boolean shouldRetryException(Throwable throwable) {
        return FailureExplainer.causeOf(throwable, GeneralSecurityException.class) == null
                && backoff.shouldRetryException(throwable);
    }
}
