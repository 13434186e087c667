package io.fugue.datasource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import jakarta.persistence.PersistenceException;

import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

class ConstraintViolationsTest {

    private static PersistenceException wrapped(String sqlState) {
        return new PersistenceException("flush failed", new ConstraintViolationException("insert failed",
                new SQLException("violates a constraint", sqlState), "some_constraint"));
    }

    @Test
    void theViolatedStateIsFoundWhereverHibernateWrappedIt() {
        assertTrue(ConstraintViolations.violates(wrapped("23503"), ConstraintViolations.FOREIGN_KEY));
        assertTrue(ConstraintViolations.violates(wrapped("23505"), ConstraintViolations.UNIQUE));
    }

    @Test
    void anotherStateOrNoViolationIsNot() {
        assertFalse(ConstraintViolations.violates(wrapped("23505"), ConstraintViolations.FOREIGN_KEY));
        assertFalse(ConstraintViolations.violates(new PersistenceException(new SQLException("gone", "08006")),
                ConstraintViolations.UNIQUE));
        assertFalse(ConstraintViolations.violates(new IllegalStateException(), ConstraintViolations.UNIQUE));
    }
}
