package io.hsmgateway.api;

import java.util.Map;

/** The API contract on the embedded default database (H2 in PostgreSQL mode). */
class NotificationApiH2Test extends NotificationApiContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}
