package io.hsmgateway.retention;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Retention on PostgreSQL; skipped, saying why, when none answers. */
class RetentionPostgresTest extends RetentionContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
