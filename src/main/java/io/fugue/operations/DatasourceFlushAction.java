package io.fugue.operations;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /datasource/flush}: a graceful Agroal flush, so that the pool logs in again with the credentials the
 * {@code fugue-keyvault} provider serves now instead of waiting for {@code quarkus.datasource.jdbc.max-lifetime}.
 * Idle connections close, busy ones when their request gives them back: no request fails. It first opens one new
 * connection with those credentials: when that cannot log in (the vault still holds the old password, or the
 * refresh before failed), the flush is refused, since it would drain a pool whose open connections still serve.
 */
@ApplicationScoped
public class DatasourceFlushAction {

    private static final Logger LOG = Logger.getLogger(DatasourceFlushAction.class);

    private final AgroalDataSource dataSource;

    public DatasourceFlushAction(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Opens and closes connections, so call it off the event loop.
     *
     * @throws LoginFailsException when a new connection cannot log in: nothing is flushed then
     */
    public Answer run() {
        try {
            dataSource.isHealthy(true);
        } catch (SQLException e) {
            // The SQLState says why (28P01: wrong password); the driver's message may name the database user.
            LOG.warnf("Operator action refused: datasource flush, a new connection cannot log in (SQLState %s)",
                    e.getSQLState());
            throw new LoginFailsException("A new connection with the current credentials could not log in (database "
                    + "error code " + e.getSQLState() + "), so nothing was flushed: the open connections keep serving. "
                    + "Check that the vault holds the database's current password, and refresh first "
                    + "(POST /keyvault/refresh).");
        }
        dataSource.flush(AgroalDataSource.FlushMode.GRACEFUL);
        LOG.info("Operator action: datasource flushed (graceful); new connections use the current credentials");
        return new Answer("graceful", "A new connection logged in with the current credentials. Idle connections "
                + "are being closed, busy ones close when returned; new ones use those credentials.");
    }

    /** A flush refused because a new connection cannot log in; the message says what to check, never a value. */
    public static final class LoginFailsException extends RuntimeException {

        LoginFailsException(String message) {
            super(message, null, false, false);
        }
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
