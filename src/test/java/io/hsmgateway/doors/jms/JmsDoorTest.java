package io.hsmgateway.doors.jms;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The JMS door end to end: embedded Artemis on a free port, WireMock as the WhatsApp Cloud API. */
class JmsDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSITE = "shop-jms";
    private static final String PHONE_NUMBER_ID = "1099";
    private static final String MESSAGES_PATH = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    private static final String QUEUE = "hsm.notifications";
    private static final String DLQ = "hsm.notifications.DLQ";
    /** The operator's broker user: reading the dead-letter queue needs it (producers send without credentials). */
    private static final String OPERATOR = "ops";
    private static final String OPERATOR_PASSWORD = "ops-secret";
    private static final String REQUEST =
            "{\"templateId\":\"hello\",\"destination\":\"+54 9 11 5555-0001\",\"params\":{\"name\":\"Ana\"}}";

    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private static int brokerPort;
    private static ActiveMQConnectionFactory producers;
    private static ActiveMQConnectionFactory operator;

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort());
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("hsm.delivery.max-attempts", "2");
        properties.put("hsm.delivery.inline-attempts", "1");   // the retry worker, not in-line retries, gives up here
        properties.put("hsm.delivery.backoff-initial-ms", "100");
        properties.put("hsm.delivery.poll-ms", "100");
        properties.put("hsm.jms.username", OPERATOR);
        properties.put("hsm.jms.password", OPERATOR_PASSWORD);
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, "token-jms");
        gateway.template(WEBSITE, "hello",
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        producers = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
        operator = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, OPERATOR, OPERATOR_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (producers != null) {
            producers.close();
        }
        if (operator != null) {
            operator.close();
        }
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
                .withBody("{\"messages\":[{\"id\":\"wamid.JMS1\"}]}")));
    }

    @Test
    void coreJmsMessageIsDeliveredAndAcknowledged() throws Exception {
        send(REQUEST, apiKey, null);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                        .withHeader("Authorization", equalTo("Bearer token-jms"))
                        .withRequestBody(matchingJsonPath("$.to", equalTo("5491155550001")))));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        assertThat(broker().messageCount(DLQ)).isZero();
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void badApiKeyGoesToDeadLetterQueueWithReason() throws Exception {
        long before = broker().messageCount(DLQ);
        send(REQUEST, "not-the-key", null);

        Message dead = receive(DLQ);
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("code")).isEqualTo("UNAUTHORIZED");
        assertThat(dead.getStringProperty("statusCode")).isEqualTo("401");
        assertThat(dead.getStringProperty("description")).isEqualTo("Invalid ApiKey");
        assertThat(dead.getStringProperty("websiteId")).isEqualTo(WEBSITE);
        assertThat(dead.getObjectProperty("apikey")).isNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(REQUEST);
        assertThat(broker().messageCount(DLQ)).isEqualTo(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    /**
     * A dead letter is the operator's to read: one their consumer keeps rolling back stays in the queue (Artemis would
     * discard it after 10 deliveries, the queue having no dead-letter address of its own).
     */
    @Test
    void aDeadLetterTheOperatorKeepsRollingBackIsNeverDiscarded() throws Exception {
        String body = REQUEST.replace("Ana", "rolled-back");
        send(body, "not-the-key", null);
        try (Connection connection = operator.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(DLQ));
            for (int delivery = 1; delivery <= 15; delivery++) {
                Message dead = consumer.receive(20_000);
                assertThat(dead).as("delivery %d", delivery).isNotNull();
                assertThat(((TextMessage) dead).getText()).isEqualTo(body);
                session.rollback();
            }
            assertThat(consumer.receive(20_000)).as("still there").isNotNull();
            session.commit();
        }
    }

    /** The producer's time to live ran out while the message waited (here: the door stopped): kept, not sent. */
    @Test
    void aMessageThatExpiredInTheQueueIsADeadLetterNotSentNorDropped() throws Exception {
        String body = REQUEST.replace("Ana", "expired");
        gateway.context().getRouteController().stopRoute("door-jms-source");
        try (Connection connection = producers.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setTimeToLive(200);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            producer.send(message);
            Thread.sleep(500);
        } finally {
            gateway.context().getRouteController().startRoute("door-jms-source");
        }

        Message dead = receive(DLQ);
        assertThat(dead).as("the expired message, in the DLQ").isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(body);
        assertThat(dead.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo(QUEUE);
        assertThat(dead.getObjectProperty("_AMQ_ACTUAL_EXPIRY")).isNotNull();
        assertThat(broker().messageCount(QUEUE)).isZero();
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void providerFailureGoesToDeadLetterQueueWithNotificationId() throws Exception {
        cloudApi.resetAll();
        // a permanent refusal (a transient one is QUEUED for the retry worker, not dead-lettered)
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Message undeliverable\",\"code\":131026}}")));
        send(REQUEST, apiKey, null);

        Message dead = receive(DLQ);
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("code")).isEqualTo("PROVIDER_ERROR");
        assertThat(dead.getStringProperty("statusCode")).isEqualTo("502");
        assertThat(dead.getStringProperty("notificationId")).isNotBlank();
        assertThat(((TextMessage) dead).getText()).isEqualTo(REQUEST);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void whatTheRetryWorkerGivesUpOnAlsoGoesToTheDeadLetterQueue() throws Exception {
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(503)));
        send(REQUEST, apiKey, null);

        Message dead = receive(DLQ);
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("code")).isEqualTo("PROVIDER_ERROR");
        assertThat(dead.getStringProperty("notificationId")).isNotBlank();
        assertThat(((TextMessage) dead).getText()).isEqualTo(REQUEST);
        cloudApi.verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)));   // first pass + one retry
    }

    @Test
    void replyToGetsTheRestEnvelope() throws Exception {
        try (Connection connection = producers.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage(REQUEST);
            request.setStringProperty("websiteId", WEBSITE);
            request.setStringProperty("apikey", apiKey);
            request.setJMSReplyTo(replies);
            request.setJMSCorrelationID("corr-42");
            session.createProducer(session.createQueue(QUEUE)).send(request);

            Message reply = session.createConsumer(replies).receive(20_000);
            assertThat(reply).isInstanceOf(TextMessage.class);
            assertThat(reply.getJMSCorrelationID()).isEqualTo("corr-42");
            JsonNode envelope = JSON.readTree(((TextMessage) reply).getText());
            assertThat(envelope.get("code").asText()).isEqualTo("SUCCESS");
            assertThat(envelope.get("statusCode").asInt()).isEqualTo(200);
            assertThat(envelope.get("notificationId").asText()).isNotBlank();
            assertThat(reply.getObjectProperty("apikey")).isNull();
        }
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void replyToGetsTheErrorEnvelopeToo() throws Exception {
        try (Connection connection = producers.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            TextMessage request = session.createTextMessage("{\"templateId\":\"hello\"}");
            request.setStringProperty("websiteId", WEBSITE);
            request.setStringProperty("apikey", apiKey);
            request.setJMSReplyTo(replies);
            session.createProducer(session.createQueue(QUEUE)).send(request);

            Message reply = session.createConsumer(replies).receive(20_000);
            JsonNode envelope = JSON.readTree(((TextMessage) reply).getText());
            assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
            assertThat(envelope.get("statusCode").asInt()).isEqualTo(400);
        }
        Message dead = receive(DLQ);
        assertThat(dead.getStringProperty("code")).isEqualTo("INVALID_BODY");
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void messageIsAcknowledgedOnlyAfterThePipelineFinished() throws Exception {
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1500)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.SLOW\"}]}")));
        send(REQUEST, apiKey, null);

        // the Cloud API has the call but has not answered yet: the message is still on the queue
        await().atMost(Duration.ofSeconds(20)).until(() ->
                cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).size() == 1);
        assertThat(broker().messageCount(QUEUE)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> broker().messageCount(QUEUE) == 0);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void stompSendIsDelivered() throws Exception {
        // with content-length Artemis hands the body on as bytes, which the door reads as UTF-8
        try (StompClient stomp = StompClient.connect(brokerPort)) {
            assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey),
                    REQUEST.replace("Ana", "Zoë").getBytes(StandardCharsets.UTF_8))).startsWith("RECEIPT");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                        .withRequestBody(matchingJsonPath("$.template.name", equalTo("hello")))
                        .withRequestBody(matchingJsonPath("$.template.components[0].parameters[0].text", equalTo("Zoë")))));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void stompBytesThatAreNotUtf8AreADeadLetterNotMangled() throws Exception {
        byte[] latin1 = REQUEST.replace("Ana", "Zoë").getBytes(StandardCharsets.ISO_8859_1);
        try (StompClient stomp = StompClient.connect(brokerPort)) {
            assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey), latin1)).startsWith("RECEIPT");
        }

        Message dead = receive(DLQ);
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty("code")).isEqualTo("INVALID_BODY");
        assertThat(dead.getBody(byte[].class)).isEqualTo(latin1);
        cloudApi.verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    private static EmbeddedBroker broker() {
        return gateway.context().getRegistry().lookupByNameAndType(JmsDoorConfiguration.EMBEDDED_BROKER, EmbeddedBroker.class);
    }

    private static void send(String body, String key, Queue replyTo) throws Exception {
        try (Connection connection = producers.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", key);
            if (replyTo != null) {
                message.setJMSReplyTo(replyTo);
            }
            producer.send(message);
        }
    }

    /** Takes one message off a queue as the operator, waiting for it to arrive (null after 20 s). */
    private static Message receive(String queue) throws Exception {
        try (Connection connection = operator.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue));
            return consumer.receive(20_000);
        }
    }
}
