package io.hsmgateway.webhooks;

import java.util.Map;

class WhatsAppWebhookH2Test extends WhatsAppWebhookContract {

    @Override
    Map<String, String> database() {
        return Map.of();
    }
}
