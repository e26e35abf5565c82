package io.hsmgateway.admin;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Replays are once on PostgreSQL too (the claim is one conditional update); skipped, saying why, when none answers. */
class DeadLetterReplayOncePostgresTest extends DeadLetterReplayOnceTest {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
