package io.fugue.operations;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /datasource/flush}: a graceful Agroal flush, so that the pool logs in again with the credentials the
 * {@code fugue-keyvault} provider serves now instead of waiting for {@code quarkus.datasource.jdbc.max-lifetime}.
 * Idle connections close at once, busy ones when their request gives them back: no request fails.
 */
@ApplicationScoped
public class DatasourceFlushAction {

    private static final Logger LOG = Logger.getLogger(DatasourceFlushAction.class);

    private final AgroalDataSource dataSource;

    public DatasourceFlushAction(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Closes connections, so call it off the event loop. */
    public Answer run() {
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        LOG.info("Operator action: datasource flushed (graceful); new connections use the current credentials");
        return new Answer("graceful",
                "Idle connections were closed; busy ones close when returned. New connections use the current credentials.");
    }

    /**
     * The answer of a flush.
     *
     * @param mode   the Agroal flush mode used
     * @param detail what that means for open connections
     */
    @RegisterForReflection
    public record Answer(String mode, String detail) {
    }
}
