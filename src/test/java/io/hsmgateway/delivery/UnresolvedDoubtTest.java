package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The opt-in policy for doubt no WhatsApp status settles (hsm.delivery.unresolved-doubt-*): off, a notification in
 * doubt stays UNKNOWN and is never resent; after the configured time it is sent again, or becomes a dead letter.
 */
class UnresolvedDoubtTest {

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
    void offByDefaultDoubtStaysUnknownAndIsNeverResent() throws Exception {
        String id = inDoubt(Map.of());
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(record(id).get("status").asText()).isEqualTo("UNKNOWN");
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void resendSendsItAgainOnceAfterTheWait() throws Exception {
        String id = inDoubt(Map.of("hsm.delivery.unresolved-doubt-after-seconds", "1", "hsm.delivery.unresolved-doubt-then", "resend"));
        answerAtOnce();
        await().atMost(Duration.ofSeconds(15)).until(() -> record(id).get("status").asText().equals("SENT"));
        cloudApi.verify(2, postRequestedFor(anyUrl()));
        assertThat(record(id).get("providerMessageId").asText()).isEqualTo("wamid.second");
    }

    @Test
    void deadLetterMakesItADeadLetterToReplay() throws Exception {
        String id = inDoubt(Map.of("hsm.delivery.unresolved-doubt-after-seconds", "1", "hsm.delivery.unresolved-doubt-then", "dead-letter"));
        await().atMost(Duration.ofSeconds(15)).until(() -> record(id).get("status").asText().equals("FAILED"));
        JsonNode deadLetters = Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=shop", null));
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).get("notificationId").asText()).isEqualTo(id);
        assertThat(deadLetters.get(0).get("lastError").asText()).contains("in doubt for 1 s");
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    /** A Cloud API that takes the message and answers too late: the notification is in doubt. */
    private String inDoubt(Map<String, String> policy) throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(2000)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.first\"}]}")));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.response-timeout-ms", "400");
        properties.put("hsm.delivery.poll-ms", "200");
        properties.putAll(policy);
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("shop", "4001", "token-shop");
        gateway.template("shop", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        JsonNode answer = Gateway.json(gateway.notify("shop", apiKey, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}"));
        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        return answer.get("notificationId").asText();
    }

    private void answerAtOnce() {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.second\"}]}")));
    }

    private JsonNode record(String id) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications/" + id, null));
    }
}
