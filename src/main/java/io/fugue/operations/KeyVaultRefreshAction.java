package io.fugue.operations;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fugue.keyvault.RefreshFailedException;
import io.fugue.keyvault.SecretRefresher;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /keyvault/refresh}: checks every unpinned secret for a new version now instead of at the next
 * {@code fugue.keyvault.refresh-interval}. Answers with secret names and counts only, never a value.
 */
@ApplicationScoped
public class KeyVaultRefreshAction {

    private static final Logger LOG = Logger.getLogger(KeyVaultRefreshAction.class);

    private final SecretRefresher refresher;

    public KeyVaultRefreshAction(SecretRefresher refresher) {
        this.refresher = refresher;
    }

    /**
     * Blocks until Key Vault answered (or the SDK gave up), so call it off the event loop.
     *
     * @throws KeyVaultUnavailableException when the vault could not be asked about some secret; those keep their
     *         cached values
     */
    public Answer run() {
        if (!refresher.active()) {
            LOG.info("Operator action: Key Vault refresh asked, but no kv// reference is configured; nothing to do");
            return new Answer(false, 0, List.of(), null);
        }
        SecretRefresher.Outcome outcome;
        try {
            outcome = refresher.refresh();
        } catch (RefreshFailedException e) {
            // The refresher has already logged the streak's WARN. The explanation names no value; it is read from this
            // failure, not lastError(), which a scheduled refresh may have changed since.
            throw unavailable(e.getMessage());
        } catch (RuntimeException e) {
            // Not explained by the refresher (a refresh of several vaults that outlived its deadline, a shutdown):
            // the class says enough, a message might say too much.
            LOG.warnf("Operator action: Key Vault refresh stopped by %s", e.getClass().getName());
            throw unavailable("the refresh stopped with " + e.getClass().getName());
        }
        LOG.infof("Operator action: Key Vault refresh checked %d secret(s); changed: %s", outcome.checked(),
                outcome.changed().isEmpty() ? "none" : String.join(", ", outcome.changed()));
        return new Answer(true, outcome.checked(), outcome.changed(),
                refresher.lastSuccess().map(Instant::toString).orElse(null));
    }

    private KeyVaultUnavailableException unavailable(String reason) {
        LOG.infof("Operator action: Key Vault refresh failed (%s); the cached secrets stay in use", reason);
        return new KeyVaultUnavailableException("Key Vault could not be asked for new secret versions: " + reason
                + ". Those secrets keep their cached values" + refresher.lastSuccess()
                        .map(at -> " (last complete refresh " + at + ")").orElse("")
                + ", any other secret was refreshed, and the scheduled refresh retries with backoff.");
    }

    /**
     * The answer of a refresh.
     *
     * @param active                whether any secret comes from Key Vault in this process
     * @param secretsChecked        unpinned secrets whose versions were listed
     * @param changed               names of the secrets that now hold other versions
     * @param lastSuccessfulRefresh when a refresh last succeeded (this one), ISO-8601
     */
    @RegisterForReflection
    public record Answer(boolean active, int secretsChecked, List<String> changed, String lastSuccessfulRefresh) {
    }

    /** The vault could not be asked; the message says why and is safe to show (no value, no token). */
    public static final class KeyVaultUnavailableException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        KeyVaultUnavailableException(String message) {
            super(message, null, false, false);
        }
    }
}
