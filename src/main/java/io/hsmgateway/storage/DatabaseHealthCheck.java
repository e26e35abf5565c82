package io.hsmgateway.storage;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;

/**
 * Readiness and liveness of the database every notification is recorded in: DOWN while it cannot be
 * reached, so an orchestrator or load balancer can stop sending traffic instead of collecting 503s.
 */
public class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALIDATION_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;

    public DatabaseHealthCheck(DataSource dataSource) {
        super("hsm", "database");
        this.dataSource = dataSource;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALIDATION_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.message("database connection is not valid").down();
            }
        } catch (Exception e) {
            builder.message("database unreachable: " + e.getClass().getSimpleName()).down();
        }
    }
}
