package io.hsmgateway.callbacks;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Status callbacks on PostgreSQL; skipped, saying why, when none answers. */
class StatusCallbacksPostgresTest extends StatusCallbacksContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
