package io.fugue.datasource;

import org.hibernate.exception.ConstraintViolationException;

/** Which PostgreSQL constraint a failed write broke, by SQLSTATE, wherever Hibernate wrapped it. */
public final class ConstraintViolations {

    public static final String UNIQUE = "23505";
    public static final String FOREIGN_KEY = "23503";

    private ConstraintViolations() {
    }

    /** Whether a {@link ConstraintViolationException} with this SQLSTATE is in the cause chain. */
    public static boolean violates(Throwable failure, String sqlState) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConstraintViolationException violation && sqlState.equals(violation.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
