package io.fugue.datasource.health;

import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;

/**
 * Database readiness as Quarkus' own check does it (Agroal validates a pooled connection), reporting only the SQLState
 * of a failure. Quarkus' check (switched off: quarkus.datasource.health.enabled) puts the driver's message in the
 * readiness answer, which ingress serves publicly: it names the database server's host and, on a failed login, the
 * database user.
 */
@Readiness
@ApplicationScoped
public class DatabaseHealthCheck implements HealthCheck {

    /** The name Quarkus' check has, which dashboards and runbooks already know. */
    static final String NAME = "Database connections health check";
    private static final String DATASOURCE = "<default>";
    private static final Logger LOG = Logger.getLogger(DatabaseHealthCheck.class);

    private final AgroalDataSource dataSource;

    public DatabaseHealthCheck(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            if (dataSource.isHealthy(false)) {
                return HealthCheckResponse.named(NAME).up().withData(DATASOURCE, "UP").build();
            }
            return HealthCheckResponse.named(NAME).down().withData(DATASOURCE, "validation check failed").build();
        } catch (SQLException e) {
            // The message stays in this replica's log, at DEBUG: the pool's own WARNs already say what happened.
            LOG.debugf("Database readiness check failed: %s", e.getMessage());
            String state = e.getSQLState() == null ? "none" : e.getSQLState();
            return HealthCheckResponse.named(NAME).down()
                    .withData(DATASOURCE, "connection check failed (SQLState " + state + ")").build();
        }
    }
}
