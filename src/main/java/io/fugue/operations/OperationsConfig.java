package io.fugue.operations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The operations hook: a small HTTP listener of its own, apart from the public port, for actions an operator (or a
 * test) triggers on one replica: refresh the secrets from Key Vault now, flush the database pool.
 */
@ConfigMapping(prefix = "fugue.operations")
public interface OperationsConfig {

    /** Whether the operations listener starts at all. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Interface the listener binds to. Loopback by default: the hook has no authentication of its own, so only a
     * process inside the same container (the Container Apps console, {@code az containerapp exec}) may reach it;
     * ingress forwards the public port only, and nothing else in the environment or network can connect.
     */
    @WithDefault("127.0.0.1")
    String host();

    /** Port of the listener; never exposed by ingress or the container images. {@code 0} picks a free port. */
    @WithDefault("9090")
    int port();
}
