package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Signatures;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.MetaWebhooks;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every message carries its notification id in biz_opaque_callback_data, which WhatsApp hands back in each status
 * webhook. A notification in doubt (UNKNOWN: the Cloud API took the message but its answer never arrived) is settled
 * by WhatsApp itself: its first status names the notification, which gets its message id and moves on
 * (SENT, DELIVERED, READ, or FAILED with a dead letter).
 */
class DoubtResolvedByWhatsAppTest {

    static final String APP_SECRET = "doubt-app-secret-0123456789";

    private WireMockServer cloudApi;
    private Gateway gateway;

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Test
    void aStatusNamingANotificationInDoubtSettlesIt() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        // takes the message, then answers too late: the gateway cannot know it was sent
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(3000)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.lost\"}]}")));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.response-timeout-ms", "500");
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        properties.put("hsm.whatsapp.webhook.apply-poll-ms", "200");
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("shop", "4001", "token-shop");
        gateway.template("shop", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");

        JsonNode answer = Gateway.json(gateway.notify("shop", apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}"));
        String notificationId = answer.get("notificationId").asText();
        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(status(notificationId).get("status").asText()).isEqualTo("UNKNOWN");
        // the message carried its notification id
        cloudApi.verify(1, postRequestedFor(anyUrl())
                .withRequestBody(matchingJsonPath("$.biz_opaque_callback_data", com.github.tomakehurst.wiremock.client.WireMock.equalTo(notificationId))));

        long now = Instant.now().getEpochSecond();
        HttpResponse<String> webhook = postWebhook(MetaWebhooks.webhook(
                MetaWebhooks.status("wamid.lost", "sent", now, notificationId),
                MetaWebhooks.status("wamid.lost", "delivered", now + 1, notificationId)));
        assertThat(webhook.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> status(notificationId).get("status").asText().equals("DELIVERED"));
        JsonNode settled = status(notificationId);
        assertThat(settled.get("providerMessageId").asText()).isEqualTo("wamid.lost");
        assertThat(settled.get("history").findValuesAsText("status")).containsExactly("SENT", "DELIVERED");
        cloudApi.verify(1, postRequestedFor(anyUrl())); // settled, never resent
    }

    /** A status naming a notification that is not in doubt (another system's data, or one already settled) changes nothing. */
    @Test
    void aStatusNamingANotificationNotInDoubtIsNotTakenForIt() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.known\"}]}")));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        properties.put("hsm.whatsapp.webhook.apply-poll-ms", "200");
        properties.put("hsm.whatsapp.webhook.unmatched-after-seconds", "1");
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("shop", "4001", "token-shop");
        gateway.template("shop", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        String notificationId = Gateway.json(gateway.notify("shop", apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}")).get("notificationId").asText();

        postWebhook(MetaWebhooks.webhook(MetaWebhooks.status("wamid.other", "read", Instant.now().getEpochSecond(), notificationId)));

        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(15)).until(() ->
                "UNMATCHED".equals(deliveryState("wamid.other")));
        JsonNode kept = status(notificationId);
        assertThat(kept.get("status").asText()).isEqualTo("SENT");
        assertThat(kept.get("providerMessageId").asText()).isEqualTo("wamid.known");
    }

    private JsonNode status(String notificationId) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications/" + notificationId, null));
    }

    private String deliveryState(String wamid) {
        return new org.springframework.jdbc.core.JdbcTemplate(gateway.context().getRegistry().findSingleByType(javax.sql.DataSource.class))
                .queryForList("SELECT state FROM delivery_statuses WHERE provider_message_id = ?", String.class, wamid)
                .stream().findFirst().orElse(null);
    }

    private HttpResponse<String> postWebhook(String body) throws Exception {
        return gateway.request("POST", WhatsAppWebhook.PATH, body, null, Map.of("X-Hub-Signature-256",
                Signatures.sign(APP_SECRET, body)));
    }
}
