package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.HeldAnswers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A REST caller is answered within hsm.rest.answer-within-ms even while WhatsApp is slow. */
class AnswerDeadlineTest {

    @Test
    void slowWhatsAppGetsTheCallerAnInProgressAnswerAndTheNotificationStillGoesOut() throws Exception {
        // WhatsApp takes the call and answers only when the test lets it: the caller must not wait for that
        HeldAnswers whatsApp = new HeldAnswers(Duration.ofSeconds(15));
        WireMockServer cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(whatsApp));
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo("/v23.0/1/messages")).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"id\":\"wamid.slow\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.whatsapp.response-timeout-ms", "20000");
        properties.put("hsm.rest.answer-within-ms", "400");
        try (Gateway gateway = Gateway.start(properties)) {
            String key = gateway.website("slow", "1", "t");
            gateway.template("slow", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");

            var response = gateway.notify("slow", key, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}");

            // answered while WhatsApp had not answered (it cannot before the release below)
            assertThat(response.statusCode()).isEqualTo(202);
            JsonNode answer = Gateway.json(response);
            assertThat(answer.get("code").asText()).isEqualTo("IN_PROGRESS");
            String id = answer.get("notificationId").asText();
            assertThat(answer.at("/result/notificationId").asText()).isEqualTo(id);

            await().atMost(Duration.ofSeconds(10)).until(() -> whatsApp.holding() == 1);
            whatsApp.release();
            String path = "/website/slow/hsm/notifications/" + id;
            await().atMost(Duration.ofSeconds(5)).until(() -> Gateway.json(
                    gateway.request("GET", path, null, null, Map.of("apikey", key))).at("/result/status").asText(), "SENT"::equals);
            cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/1/messages")));
        } finally {
            whatsApp.release();
            cloudApi.stop();
        }
    }
}
