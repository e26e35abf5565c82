package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.MetaWebhooks;
import io.hsmgateway.support.Signatures;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In sandbox mode a newcomer sees what WhatsApp's status webhooks do: the sandbox reports each message it takes
 * sent, delivered and read, signed with the app secret the gateway made up, and the status endpoint shows them.
 */
class SandboxStatusesTest {

    @Test
    void aSandboxMessageIsReportedSentDeliveredAndRead() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "");
        try (Gateway gateway = Gateway.start(properties)) {
            String key = Gateway.json(gateway.admin("POST", "/admin/websites/demo/apikeys", null)).get("apikey").asText();

            HttpResponse<String> sent = gateway.notify("demo", key,
                    "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}");
            String notificationId = Gateway.json(sent).get("notificationId").asText();

            JsonNode read = await().atMost(Duration.ofSeconds(20)).until(() -> Gateway.json(gateway.request("GET",
                            "/website/demo/hsm/notifications/" + notificationId, null, null, Map.of("apikey", key))),
                    view -> view.at("/result/history").size() == 3);
            assertThat(read.at("/result/status").asText()).isEqualTo("READ");
            List<String> history = new ArrayList<>();
            read.at("/result/history").forEach(entry -> history.add(entry.get("status").asText()));
            assertThat(history).containsExactly("SENT", "DELIVERED", "READ");
        }
    }

    /**
     * hsm.sandbox.statuses=false (the README's webhook walk-through): the sandbox reports nothing, so the webhook a
     * newcomer signs by hand with the message id the status endpoint showed is the one that moves the notification.
     */
    @Test
    void withItsReportsOffTheWebhookPlayedByHandMovesTheNotification() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "");
        properties.put("hsm.sandbox.statuses", "false");
        properties.put("hsm.whatsapp.app-secret", "my-app-secret");
        try (Gateway gateway = Gateway.start(properties)) {
            String key = Gateway.json(gateway.admin("POST", "/admin/websites/demo/apikeys", null)).get("apikey").asText();
            String notificationId = Gateway.json(gateway.notify("demo", key,
                    "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}"))
                    .get("notificationId").asText();
            JsonNode sent = status(gateway, key, notificationId);
            assertThat(sent.at("/result/status").asText()).isEqualTo("SENT");
            String wamid = sent.at("/result/providerMessageId").asText();

            // past the sandbox's own schedule (sent, delivered, read one second apart, when on): nothing came
            Thread.sleep(3_500);
            assertThat(status(gateway, key, notificationId).at("/result/status").asText()).isEqualTo("SENT");

            String body = MetaWebhooks.webhook(MetaWebhooks.status(wamid, "delivered", java.time.Instant.now().getEpochSecond()));
            HttpResponse<String> received = gateway.request("POST", "/webhooks/whatsapp", body, null,
                    Map.of("X-Hub-Signature-256", Signatures.sign("my-app-secret", body)));
            assertThat(received.body()).isEqualTo("{\"received\":1}");
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    status(gateway, key, notificationId).at("/result/status").asText().equals("DELIVERED"));
        }
    }

    private static JsonNode status(Gateway gateway, String key, String notificationId) throws Exception {
        return Gateway.json(gateway.request("GET", "/website/demo/hsm/notifications/" + notificationId, null, null,
                Map.of("apikey", key)));
    }
}
