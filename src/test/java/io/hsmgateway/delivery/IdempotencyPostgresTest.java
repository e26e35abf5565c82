package io.hsmgateway.delivery;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Idempotency keys on PostgreSQL; skipped, saying why, when none answers. */
class IdempotencyPostgresTest extends IdempotencyContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
