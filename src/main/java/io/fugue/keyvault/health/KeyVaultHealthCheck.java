package io.fugue.keyvault.health;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.fugue.keyvault.KeyVaultRuntime;
import io.fugue.keyvault.SecretRefresher;

/**
 * Key Vault readiness. Stays UP while cached secrets are served, even when refreshes fail: a vault outage must not
 * take every replica out of rotation at once. The data says when the last refresh failed ({@code stale}) and how long
 * ago one succeeded. Never reports a value, a vault or a secret name: readiness is served on the public port.
 */
@Readiness
@ApplicationScoped
public class KeyVaultHealthCheck implements HealthCheck {

    private static final String NAME = "Key Vault";

    private final SecretRefresher refresher;

    public KeyVaultHealthCheck(SecretRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (!refresher.active()) {
            return response.up().withData("source", "inactive: no kv// reference in the configuration").build();
        }
        int secrets = KeyVaultRuntime.current().map(rt -> rt.cache().size()).orElse(0);
        response.withData("secrets", secrets);
        if (refresher.lastSuccess().isEmpty() || secrets == 0) {
            return response.down().withData("reason", "secrets were never resolved").build();
        }
        Instant lastSuccess = refresher.lastSuccess().get();
        response.up()
                .withData("lastSuccessfulRefresh", lastSuccess.toString())
                .withData("lastSuccessfulRefreshAgeSeconds", Duration.between(lastSuccess, Instant.now()).toSeconds())
                .withData("stale", refresher.failureStreak() > 0);
        // How many, not why: readiness is public, and the explanation names the vault and its secrets. The reason is
        // in the streak's WARN and in the operations hook's answer.
        if (refresher.failureStreak() > 0) {
            response.withData("failedRefreshesInARow", refresher.failureStreak());
        }
        return response.build();
    }
}
