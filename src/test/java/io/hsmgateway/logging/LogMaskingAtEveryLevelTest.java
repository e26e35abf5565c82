package io.hsmgateway.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway in its own process at the documented HSM_LOG_LEVEL=DEBUG, and at TRACE, sends notifications that
 * came in by REST, JMS (CORE) and STOMP: the log holds none of the secrets nor the personal data involved (the
 * WhatsApp app secret and webhook verify token in its environment, and signature and callback-secret headers on a
 * request, among them).
 */
class LogMaskingAtEveryLevelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_TOKEN = "adm1n-T0ken-Zq81";
    private static final String ACCESS_TOKEN = "EAAGaccessTokenXk4v9";
    private static final String PHONE = "5491155550987";
    private static final String PARAM = "Zorbatron";
    // the WhatsApp webhook's secrets (given as an operator would), a callback secret and HMAC signatures on a request
    private static final String APP_SECRET = "appS3cret-9f8e7d6c5b4a";
    private static final String VERIFY_TOKEN = "verifyT0ken-Lm42";
    private static final String CALLBACK_SECRET = "hsmcb_Qw3rTy7u1oP4sDf6gH8jK";
    private static final String SIGNATURE = "3f2a9c0b7d1e5f4a".repeat(4);
    private static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"" + PHONE + "\",\"params\":{\"name\":\"" + PARAM + "\"}}";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer cloudApi;
    private GatewayProcess gateway;

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"DEBUG", "TRACE"})
    void noSecretNorPersonalDataReachesTheLog(String level) throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathMatching("/v23.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + PHONE + "\",\"wa_id\":\""
                        + PHONE + "\"}],\"messages\":[{\"id\":\"wamid.masking\"}]}")));
        int brokerPort = Gateway.freePort();
        Map<String, String> properties = new java.util.LinkedHashMap<>(Gateway.defaults());
        // given as an operator would: environment variables
        properties.remove("hsm.admin.token");
        String secretsKey = properties.remove("hsm.secrets.key");
        properties.put("hsm.jms.embedded-acceptor", "tcp://127.0.0.1:" + brokerPort + "?protocols=CORE,AMQP,STOMP");
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("HSM_LOG_LEVEL", level);
        Path log = Files.createTempFile("hsm-masking-" + level, ".log");
        gateway = GatewayProcess.start(properties, Map.of("HSM_ADMIN_TOKEN", ADMIN_TOKEN, "HSM_SECRETS_KEY", secretsKey,
                "HSM_WHATSAPP_APP_SECRET", APP_SECRET, "HSM_WHATSAPP_WEBHOOK_VERIFY_TOKEN", VERIFY_TOKEN), log);

        admin("PUT", "/admin/websites/shop", "{\"name\":\"Shop\",\"phoneNumberId\":\"100200300400500\",\"accessToken\":\"" + ACCESS_TOKEN + "\"}");
        admin("PUT", "/admin/websites/shop/templates/7",
                "{\"name\":\"hello\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        String apiKey = JSON.readTree(admin("POST", "/admin/websites/shop/apikeys", null)).get("apikey").asText();

        HttpResponse<String> rest = http.send(HttpRequest.newBuilder(URI.create(url("/website/shop/hsm/notifications")))
                .header("apikey", apiKey).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", "sha256=" + SIGNATURE).header("X-Hsm-Signature-256", "sha256=" + SIGNATURE)
                .header("X-Hsm-Callback-Secret", CALLBACK_SECRET)
                .POST(HttpRequest.BodyPublishers.ofString(REQUEST)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(rest.body()).contains("\"SUCCESS\"");
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage message = session.createTextMessage(REQUEST);
            message.setStringProperty("websiteId", "shop");
            message.setStringProperty("apikey", apiKey);
            session.createProducer(session.createQueue("hsm.notifications")).send(message);
        }
        try (StompClient stomp = StompClient.connect(brokerPort)) {
            assertThat(stomp.send("hsm.notifications", Map.of("websiteId", "shop", "apikey", apiKey), REQUEST)).startsWith("RECEIPT");
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                cloudApi.verify(3, postRequestedFor(urlPathMatching("/v23.0/100200300400500/messages"))));
        // the three outcomes recorded, then a line of our own: once it is in the file, every line logged for the
        // notifications before it is there too (one appender, in order), with no sleep to guess
        await().atMost(Duration.ofSeconds(30)).until(() -> recordedSuccesses() == 3);
        HttpResponse<String> marker = http.send(HttpRequest.newBuilder(URI.create(url("/webhooks/whatsapp")))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(marker.statusCode()).isEqualTo(401);
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("Refused a WhatsApp webhook POST"));
        gateway.close();

        String written = Files.readString(log);
        assertThat(written).as("the log ran at " + level).contains(" " + level + " ");
        assertThat(written).as("lines that carried secrets were kept, masked").contains("****");
        for (String secret : List.of(ADMIN_TOKEN, secretsKey, ACCESS_TOKEN, apiKey, apiKey.substring(4, 20), PHONE, PARAM,
                APP_SECRET, VERIFY_TOKEN, CALLBACK_SECRET, CALLBACK_SECRET.substring(6), SIGNATURE.substring(0, 24))) {
            assertThat(written.lines().filter(line -> line.contains(secret)).toList())
                    .as("lines at " + level + " that show " + secret).isEmpty();
        }
        Files.deleteIfExists(log);
    }

    private String admin(String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(200, 201);
        return response.body();
    }

    private long recordedSuccesses() throws Exception {
        JsonNode notifications = JSON.readTree(admin("GET", "/admin/notifications?websiteId=shop", null));
        return java.util.stream.StreamSupport.stream(notifications.spliterator(), false)
                .filter(n -> "SUCCESS".equals(n.path("code").asText())).count();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }
}
