package io.hsmgateway.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Signatures;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.MetaWebhooks;
import io.hsmgateway.webhooks.WhatsAppWebhook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole way a status travels: a notification sent through the REST door, Meta's signed webhook saying it was
 * delivered and then read, and the website's own URL receiving each change, signed with the secret the admin API
 * showed, in one real gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusToCallbackTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String APP_SECRET = "status-to-callback-app-secret";
    private static final String WEBSITE = "shop";
    private static final String HOOK = "/hooks/shop";

    private WireMockServer cloudApi;
    private WireMockServer website;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo("/v23.0/4001/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.e2e\"}]}")));
        website = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        website.start();
        website.stubFor(post(urlEqualTo(HOOK)).willReturn(aResponse().withStatus(204)));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        properties.put("hsm.callbacks.poll-ms", "100");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
        website.stop();
    }

    @Test
    void eachStatusWhatsAppReportsReachesTheWebsiteSigned() throws Exception {
        String apiKey = gateway.website(WEBSITE, "4001", "token-shop");
        gateway.template(WEBSITE, "7", CloudApiStub.TEXT_TEMPLATE);
        HttpResponse<String> set = gateway.admin("PUT", "/admin/websites/" + WEBSITE + "/callback",
                "{\"url\":\"" + website.baseUrl() + HOOK + "\"}");
        assertThat(set.statusCode()).as(set.body()).isEqualTo(201);
        String secret = Gateway.json(set).get("secret").asText();
        HttpResponse<String> sent = gateway.notify(WEBSITE, apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"Ana\"}}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        String notificationId = Gateway.json(sent).get("notificationId").asText();

        long at = Instant.now().getEpochSecond();
        String webhook = MetaWebhooks.webhook(MetaWebhooks.status("wamid.e2e", "delivered", at),
                MetaWebhooks.status("wamid.e2e", "read", at + 1));
        HttpResponse<String> received = gateway.request("POST", WhatsAppWebhook.PATH, webhook, null,
                Map.of("X-Hub-Signature-256", Signatures.sign(APP_SECRET, webhook)));
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).until(() -> website.findAll(postRequestedFor(urlEqualTo(HOOK))).size() >= 2);
        List<LoggedRequest> callbacks = website.findAll(postRequestedFor(urlEqualTo(HOOK)));
        assertThat(callbacks).hasSize(2);
        for (LoggedRequest callback : callbacks) {
            assertThat(callback.getHeader("X-Hsm-Signature-256"))
                    .isEqualTo(Signatures.sign(secret, callback.getBody()));
            JsonNode payload = payload(callback);
            assertThat(payload.get("notificationId").asText()).isEqualTo(notificationId);
            assertThat(payload.get("callbackId").asText()).isEqualTo(callback.getHeader("X-Hsm-Callback-Id"));
            assertThat(payload.get("providerMessageId").asText()).isEqualTo("wamid.e2e");
        }
        assertThat(callbacks.stream().map(c -> payload(c).get("status").asText()))
                .containsExactlyInAnyOrder("DELIVERED", "READ");
        // the header is HMAC-SHA256 and nothing else: 64 hex digits, and the gateway's signer gives OpenSSL's vector
        assertThat(callbacks.get(0).getHeader("X-Hsm-Signature-256")).matches("sha256=[0-9a-f]{64}");
        assertThat(CallbackSecrets.signature(Signatures.VECTOR_KEY, bytes(Signatures.VECTOR_BODY)))
                .isEqualTo(Signatures.VECTOR_SIGNATURE);
    }

    private static JsonNode payload(LoggedRequest callback) {
        try {
            return JSON.readTree(callback.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError("the callback's body is not JSON: " + callback.getBodyAsString(), e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
