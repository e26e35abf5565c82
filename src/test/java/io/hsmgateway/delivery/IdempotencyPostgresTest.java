package io.hsmgateway.delivery;

import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.AfterAll;

import java.sql.SQLException;
import java.util.Map;

/** Idempotency keys on PostgreSQL; skipped, saying why, when none answers. */
class IdempotencyPostgresTest extends IdempotencyContract {

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
