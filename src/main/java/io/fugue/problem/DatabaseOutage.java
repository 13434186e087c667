package io.fugue.problem;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.hibernate.exception.JDBCConnectionException;

/**
 * Tells a failure caused by the database being out of reach (restarting, failing over, unreachable, the pool unable
 * to hand out a connection in time) from a bug. Those deserve a 503 the client may retry, not a 500. The failure
 * reaches the mapper wrapped in Hibernate, JTA or CDI exceptions depending on where it struck (query, commit,
 * connection acquisition), so every cause and suppressed exception is searched.
 */
final class DatabaseOutage {

    /**
     * PostgreSQL's "admin shutdown", "crash shutdown", "cannot connect now" (starting up or shutting down), "too
     * many connections" (every connection slot taken, e.g. while two revisions overlap) and "query canceled" (the
     * datasource's statement_timeout, or an operator's pg_cancel_backend: the database is too slow or busy right now);
     * every SQLState of class 08 (connection exception) is taken as well.
     */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300", "57014");

    private DatabaseOutage() {
    }

    static boolean explains(Throwable failure) {
        // Causes and suppressed exceptions: a failed commit is a RollbackException whose driver error is suppressed.
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>(List.of(failure));
        while (!pending.isEmpty()) {
            Throwable t = pending.pop();
            if (!seen.add(t)) {
                continue;
            }
            if (isOutage(t)) {
                return true;
            }
            if (t.getCause() != null) {
                pending.push(t.getCause());
            }
            pending.addAll(List.of(t.getSuppressed()));
        }
        return false;
    }

    private static boolean isOutage(Throwable t) {
        if (t instanceof JDBCConnectionException || t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException) {
            return true;
        }
        return t instanceof SQLException sql && (isUnavailableState(sql.getSQLState()) || isAcquisitionTimeout(sql));
    }

    private static boolean isUnavailableState(String state) {
        return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }

    /**
     * Agroal gives up waiting for a connection with a plain SQLException and no SQLState: its message is the only
     * mark. Agroal 3.0 words it two ways (io.agroal.pool.ConnectionPool): "Acquisition timeout while waiting for new
     * connection" while it opens one, "Sorry, acquisition timeout!" when every connection is in use.
     */
    private static boolean isAcquisitionTimeout(SQLException e) {
        return e.getSQLState() == null && e.getMessage() != null
                && e.getMessage().toLowerCase(Locale.ROOT).contains("acquisition timeout");
    }
}
