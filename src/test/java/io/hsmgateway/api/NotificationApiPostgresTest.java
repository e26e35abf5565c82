package io.hsmgateway.api;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/**
 * The API contract on PostgreSQL, the production database: the same SQL and migrations must run
 * unchanged. Skipped, saying why, when no PostgreSQL answers (see {@link Postgres}).
 */
class NotificationApiPostgresTest extends NotificationApiContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
