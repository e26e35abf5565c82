package io.hsmgateway.doors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One size limit for a request (hsm.request.max-bytes, 64 KiB) at the doors that have no HTTP body limit in
 * front of them: a JMS message and a file record over it are refused with PAYLOAD_TOO_LARGE before anything
 * is stored or sent, even while WhatsApp fails (the case that once left a row PENDING for ever); one exactly
 * at the limit, counted in UTF-8 bytes, goes through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestSizeAtEveryDoorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 65536;

    WireMockServer cloudApi;
    Gateway gateway;
    int brokerPort;

    @TempDir
    static Path inbox;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathEqualTo("/v23.0/500/messages")).willReturn(aResponse().withStatus(500)));
        cloudApi.stubFor(post(urlPathEqualTo("/v23.0/200/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.size\"}]}")));
        brokerPort = Gateway.freePort();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.jms.embedded-acceptor", "tcp://127.0.0.1:" + brokerPort + "?protocols=CORE,AMQP,STOMP");
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "100");
        properties.put("hsm.inbox.stable-ms", "200");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @Test
    void aJmsMessagePaddedPastTheLimitIsRefusedNotStuckPending() throws Exception {
        String apiKey = website("jms-big", "500");
        String padded = request("5491100000001", "Ana") + " ".repeat(LIMIT);

        JsonNode reply = sendJms("jms-big", apiKey, padded);

        assertThat(reply.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(reply.get("statusCode").asInt()).isEqualTo(413);
        assertThat(reply.at("/result/maxBytes").asInt()).isEqualTo(LIMIT);
        assertThat(recorded("jms-big")).isEmpty();
        cloudApi.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/500/messages")));
    }

    @Test
    void aJmsMessagePastTheStoredColumnIsRefusedByTheBrokerItself() throws Exception {
        String apiKey = website("jms-huge", "500");
        String padded = request("5491100000001", "Ana") + " ".repeat(100_001);

        assertThatThrownBy(() -> sendJms("jms-huge", apiKey, padded))
                .isInstanceOf(jakarta.jms.JMSException.class).hasMessageContaining("refused");
        assertThat(recorded("jms-huge")).isEmpty();
    }

    @Test
    void aJmsMessageExactlyAtTheLimitInUtf8BytesIsSent() throws Exception {
        String apiKey = website("jms-edge", "200");
        String request = request("5491100000002", "Ñandú");   // two 2-byte characters
        int bytes = request.getBytes(StandardCharsets.UTF_8).length;
        String atLimit = request + " ".repeat(LIMIT - bytes);
        String overByOne = atLimit + " ";

        assertThat(sendJms("jms-edge", apiKey, atLimit).get("code").asText()).isEqualTo("SUCCESS");
        assertThat(sendJms("jms-edge", apiKey, overByOne).get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(recorded("jms-edge")).hasSize(1);
    }

    @Test
    void aFileRecordOverTheLimitIsReportedAndTheOthersAreSent() throws Exception {
        website("file-big", "200");
        Path folder = Files.createDirectories(inbox.resolve("file-big"));
        String lines = request("5491100000003", "x".repeat(LIMIT)) + "\n" + request("5491100000004", "Bob") + "\n";
        Files.writeString(folder.resolve("batch.ndjson.part"), lines);
        Files.move(folder.resolve("batch.ndjson.part"), folder.resolve("batch.ndjson"));

        Path report = folder.resolve(".done").resolve("batch.ndjson.report.csv");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(report));

        assertThat(Files.readAllLines(report)).anySatisfy(row -> assertThat(row).contains("5491100000003", "PAYLOAD_TOO_LARGE", "413"))
                .anySatisfy(row -> assertThat(row).contains("5491100000004", "SUCCESS"));
        assertThat(recorded("file-big")).hasSize(1);
    }

    private String website(String websiteId, String phoneNumberId) throws Exception {
        String apiKey = gateway.website(websiteId, phoneNumberId, "token");
        gateway.template(websiteId, "7", CloudApiStub.TEXT_TEMPLATE);
        return apiKey;
    }

    private static String request(String destination, String name) throws Exception {
        return JSON.writeValueAsString(Map.of("templateId", "7", "destination", destination, "params", Map.of("name", name)));
    }

    private JsonNode sendJms(String websiteId, String apiKey, String body) throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("websiteId", websiteId);
            message.setStringProperty("apikey", apiKey);
            message.setJMSReplyTo(replies);
            session.createProducer(session.createQueue("hsm.notifications")).send(message);
            Message reply = session.createConsumer(replies).receive(30_000);
            assertThat(reply).as("the door's reply").isInstanceOf(TextMessage.class);
            return JSON.readTree(((TextMessage) reply).getText());
        }
    }

    private JsonNode recorded(String websiteId) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications?websiteId=" + websiteId, null));
    }
}
