package io.fugue.keyvault;

import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Publishes Key Vault activity: requests and their time by outcome (counted since boot, before Micrometer
 * existed), refreshes by outcome, and secrets whose version changed.
 */
@ApplicationScoped
public class KeyVaultMetrics implements MeterBinder {

    private final SecretRefresher refresher;

    public KeyVaultMetrics(SecretRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        KeyVaultRuntime.current().ifPresent(runtime -> {
            RequestStats stats = runtime.stats();
            for (RequestStats.Outcome outcome : RequestStats.Outcome.values()) {
                FunctionTimer.builder("fugue.keyvault.requests", stats, s -> s.count(outcome),
                        s -> s.totalNanos(outcome), TimeUnit.NANOSECONDS)
                        .description("Requests sent to Key Vault, retries included")
                        .tag("outcome", outcome.tag())
                        .register(registry);
            }
        });
        FunctionCounter.builder("fugue.keyvault.refreshes", refresher, SecretRefresher::succeeded)
                .description("Secret refresh runs").tag("outcome", "success").register(registry);
        FunctionCounter.builder("fugue.keyvault.refreshes", refresher, SecretRefresher::failed)
                .description("Secret refresh runs").tag("outcome", "failure").register(registry);
        FunctionCounter.builder("fugue.keyvault.secrets.changed", refresher, SecretRefresher::changed)
                .description("Secrets whose held versions changed at a refresh").register(registry);
    }
}
