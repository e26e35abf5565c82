package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
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
}
