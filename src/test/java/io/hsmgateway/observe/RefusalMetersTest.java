package io.hsmgateway.observe;

import io.hsmgateway.support.Gateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported drift: after a fuzzing run hsm_notifications_total{channel="unknown"} counted admin API and webhook
 * refusals (NOT_FOUND 1165, ...), so an alert on notifications fired for admin typos. Notifications are counted by
 * the notification pipeline only; admin and webhook refusals have meters of their own.
 */
class RefusalMetersTest {

    @Test
    void adminAndWebhookRefusalsAreNoNotifications() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.app-secret", "refusal-meters-secret");
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(gateway.admin("GET", "/admin/websites/nosuchsite", null).statusCode()).isEqualTo(404);
            assertThat(gateway.request("GET", "/admin/websites", null, "Bearer wrong").statusCode()).isEqualTo(401);
            assertThat(gateway.request("POST", "/webhooks/whatsapp", "{\"entry\":[]}", null).statusCode()).isEqualTo(401);
            // a notification refused at the door is still a notification
            HttpResponse<String> refused = gateway.notify("nosuchsite", "hsm_not-a-key", "{\"templateId\":\"7\"}");
            assertThat(refused.statusCode()).isEqualTo(401);

            MeterRegistry registry = gateway.context().getRegistry()
                    .lookupByNameAndType(GatewayMeters.BEAN_NAME, GatewayMeters.class).registry();
            assertThat(series(registry, GatewayMeters.NOTIFICATIONS))
                    .containsExactlyEntriesOf(new TreeMap<>(Map.of("rest/UNAUTHORIZED", 1.0)));
            assertThat(series(registry, GatewayMeters.ADMIN_REFUSALS))
                    .containsExactlyEntriesOf(new TreeMap<>(Map.of("NOT_FOUND", 1.0, "UNAUTHORIZED", 1.0)));
            assertThat(series(registry, GatewayMeters.WEBHOOK_REFUSALS))
                    .containsExactlyEntriesOf(new TreeMap<>(Map.of("UNAUTHORIZED", 1.0)));
        }
    }

    /** Each series of a counter: its channel (when it has one) and code, and its count. */
    private static TreeMap<String, Double> series(MeterRegistry registry, String name) {
        TreeMap<String, Double> series = new TreeMap<>();
        for (Counter counter : registry.find(name).counters()) {
            String channel = counter.getId().getTag("channel");
            series.put((channel == null ? "" : channel + "/") + counter.getId().getTag("code"), counter.count());
        }
        return series;
    }
}
