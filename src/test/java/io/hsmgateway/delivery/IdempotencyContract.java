package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** REST Idempotency-Key: the same key from the same website gets the first answer again and sends nothing. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyContract {

    static final String MESSAGES = "/v23.0/1/messages";
    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}";
    static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    Gateway gateway;
    String websiteId;
    String apiKey;

    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.putAll(database());
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"id\":\"wamid.once\"}]}")));
        websiteId = "idem" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, "1", "t");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    @Test
    void repeatedKeyGetsTheFirstAnswerAndSendsNothing() throws Exception {
        HttpResponse<String> first = send(websiteId, apiKey, "order-1001", BODY);
        HttpResponse<String> again = send(websiteId, apiKey, "order-1001", BODY);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));

        send(websiteId, apiKey, "order-1002", BODY);
        cloudApi.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void keysBelongToTheirWebsite() throws Exception {
        String otherWebsite = websiteId + "b";
        String otherKey = gateway.website(otherWebsite, "1", "t");
        gateway.template(otherWebsite, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");

        send(websiteId, apiKey, "shared-key", BODY);
        HttpResponse<String> other = send(otherWebsite, otherKey, "shared-key", BODY);

        assertThat(Gateway.json(other).get("code").asText()).isEqualTo("SUCCESS");
        cloudApi.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void theFirstAnswerIsReplayedEvenWhenItWasARefusal() throws Exception {
        HttpResponse<String> refused = send(websiteId, apiKey, "k-invalid", "{}");
        HttpResponse<String> fixed = send(websiteId, apiKey, "k-invalid", BODY);

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(fixed.statusCode()).isEqualTo(400);
        assertThat(fixed.body()).isEqualTo(refused.body());
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void aKeyStillInProgressIsAConflict() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withFixedDelay(1500)
                .withBody("{\"messages\":[{\"id\":\"wamid.slow\"}]}")));

        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return send(websiteId, apiKey, "k-slow", BODY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        org.awaitility.Awaitility.await().until(() -> !cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).isEmpty());
        HttpResponse<String> second = send(websiteId, apiKey, "k-slow", BODY);

        assertThat(second.statusCode()).isEqualTo(409);
        JsonNode conflict = Gateway.json(second);
        assertThat(conflict.get("code").asText()).isEqualTo("IDEMPOTENCY_CONFLICT");
        JsonNode done = Gateway.json(first.get());
        assertThat(done.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(conflict.at("/result/notificationId").asText()).isEqualTo(done.get("notificationId").asText());
        assertThat(send(websiteId, apiKey, "k-slow", BODY).body()).isEqualTo(first.get().body());
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    @Test
    void overlongKeyIsInvalid() throws Exception {
        HttpResponse<String> response = send(websiteId, apiKey, "k".repeat(256), BODY);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).at("/result/0/message").asText())
                .isEqualTo("\"Idempotency-Key\" length must be less than or equal to 255 characters long");
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES)));
    }

    HttpResponse<String> send(String website, String key, String idempotencyKey, String body) throws Exception {
        return gateway.request("POST", "/website/" + website + "/hsm/notifications", body, null,
                Map.of("apikey", key, "Idempotency-Key", idempotencyKey));
    }
}
