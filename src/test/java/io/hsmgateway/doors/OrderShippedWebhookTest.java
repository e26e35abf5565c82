package io.hsmgateway.doors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The example webhook door (routes/examples/order-shipped-webhook.camel.yaml) end to end. */
class OrderShippedWebhookTest {

    private static final String WEBSITE = "shop-hooks";
    private static final String MESSAGES_PATH = "/v23.0/2077/messages";
    private static final String ORDER_SHIPPED = """
            {"order":{"id":1001,"status":"shipped","customer":{"phone":"+54 9 11 5555-0002","firstName":"Ana \\"Anita\\"","email":"ana@example.com"}},
             "tracking":{"number":"1Z999","url":"https://track.example/1Z999"}}""";

    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort());
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("camel.main.routes-include-pattern", "file:routes/examples/order-shipped-webhook.camel.yaml");
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, "2077", "token-hooks");
        gateway.template(WEBSITE, "order_shipped", """
                {"name":"order_shipped","language":"es_AR","type":"TEXT","variables":["name","orderId","trackingUrl"]}""");
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @BeforeEach
    void resetCloudApi() {
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.HOOK1\"}]}")));
    }

    @Test
    void orderShippedWebhookIsMappedOntoTheTemplate() throws Exception {
        HttpResponse<String> response = hook(apiKey, ORDER_SHIPPED);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode envelope = Gateway.json(response);
        assertThat(envelope.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(envelope.get("notificationId").asText()).isNotBlank();
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withHeader("Authorization", equalTo("Bearer token-hooks"))
                .withRequestBody(equalToJson("""
                        {"to":"5491155550002","template":{"name":"order_shipped","components":[{"type":"body","parameters":[
                          {"text":"Ana \\"Anita\\""},{"text":"1001"},{"text":"https://track.example/1Z999"}]}]}}""",
                        true, true)));
    }

    @Test
    void badApiKeyIsRefusedAndNothingIsSent() throws Exception {
        HttpResponse<String> response = hook("wrong", ORDER_SHIPPED);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("UNAUTHORIZED");
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void payloadWithoutPhoneIsInvalidBody() throws Exception {
        HttpResponse<String> response = hook(apiKey, "{\"order\":{\"id\":7,\"customer\":{\"firstName\":\"Ana\"}}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    private HttpResponse<String> hook(String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/hooks/" + WEBSITE + "/order-shipped")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("apikey", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
