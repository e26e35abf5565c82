package io.hsmgateway.api;

import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.AfterAll;

import java.sql.SQLException;
import java.util.Map;

/**
 * The API contract on PostgreSQL, the production database: the same SQL and migrations must run
 * unchanged. Skipped, saying why, when no PostgreSQL answers (see {@link Postgres}).
 */
class NotificationApiPostgresTest extends NotificationApiContract {

    private Postgres postgres;

    @Override
    Map<String, String> database() {
        postgres = Postgres.freshSchema();
        return postgres.properties();
    }

    @AfterAll
    void dropSchema() throws SQLException {
        if (postgres != null) {
            postgres.drop();
        }
    }
}
