package io.hsmgateway.delivery;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** Delivery faults on PostgreSQL; skipped, saying why, when none answers. */
class DeliveryFaultsPostgresTest extends DeliveryFaultsContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
