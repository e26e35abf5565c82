package io.hsmgateway.limits;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Both nodes count in their PostgreSQL database (rate_limit_buckets); skipped, saying why, when none answers. */
class ClusterLimitsPostgresTest extends ClusterLimitsContract {

    @Override
    Map<String, String> store() {
        return Postgres.freshSchema().properties();
    }

    @Override
    String storeName() {
        return "PostgreSQL";
    }
}
