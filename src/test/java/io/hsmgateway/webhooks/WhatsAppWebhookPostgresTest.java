package io.hsmgateway.webhooks;

import io.hsmgateway.support.Postgres;

import java.util.Map;

/** WhatsApp status webhooks on PostgreSQL; skipped, saying why, when none answers. */
class WhatsAppWebhookPostgresTest extends WhatsAppWebhookContract {

    @Override
    Map<String, String> database() {
        return Postgres.freshSchema().properties();
    }
}
