package io.hsmgateway.doors.jms;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.ProtonRequestReply;
import io.hsmgateway.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Destination;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.jms.ActiveMQJMSClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JMS door's promise (every message sent once: none lost, none collapsed, none sent twice) held against
 * clients this project did not write: the Artemis CORE JMS client, Qpid JMS over AMQP 1.0 (with message ids,
 * and with them disabled) and STOMP as raw frames. Each test gives every protocol destinations of its own, so
 * the Cloud API stub's received list tells exactly what each protocol's messages caused.
 */
class JmsProtocolClientsTest {

    enum Protocol { CORE, AMQP, AMQP_WITHOUT_MESSAGE_ID, STOMP }

    private static final String WEBSITE = "shop-protocols";
    private static final String PHONE_NUMBER_ID = "2099";
    private static final String MESSAGES_PATH = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    private static final String QUEUE = "hsm.notifications";
    private static final String DLQ = "hsm.notifications.DLQ";
    /** No caller consumes there, and the door's replies may not create a queue: a reply named there cannot be delivered. */
    private static final String REFUSED_REPLIES = "replies.refused.";
    /** The operator's broker user (producers send without credentials). */
    private static final String OPERATOR = "ops";
    private static final String OPERATOR_PASSWORD = "ops-secret";
    private static final int CONSUMERS = 4;

    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private static int brokerPort;

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.P\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.jms.concurrent-consumers", String.valueOf(CONSUMERS));
        properties.put("hsm.jms.username", OPERATOR);
        properties.put("hsm.jms.password", OPERATOR_PASSWORD);
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, "token-protocols");
        gateway.template(WEBSITE, "hello",
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
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

    /** 50 messages with the very same body and no key of the producer's: 50 notifications, 50 sends. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void fiftyDistinctMessagesAreFiftySends(Protocol protocol) throws Exception {
        String destination = destination(protocol, 1);
        List<Map<String, String>> noExtraProperties = java.util.Collections.nCopies(50, Map.of());
        send(protocol, request(destination), noExtraProperties);

        await().atMost(Duration.ofSeconds(60)).until(() -> sentTo(destination) >= 50);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> sentTo(destination) == 50);
        assertThat(sentTo(destination)).isEqualTo(50);
    }

    /** A producer resending its own message (same idempotencyKey) has it sent once. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aProducerResendingWithTheSameKeyIsSentOnce(Protocol protocol) throws Exception {
        String destination = destination(protocol, 2);
        String key = "order-1001-shipped-" + protocol;
        send(protocol, request(destination), List.of(Map.of("idempotencyKey", key), Map.of("idempotencyKey", key),
                Map.of("idempotencyKey", key + "-other")));

        await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(destination) >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> sentTo(destination) == 2);
        assertThat(sentTo(destination)).as("the resend is answered from the first, the other key is sent").isEqualTo(2);
    }

    /**
     * A reply destination that cannot take the answer (a queue nobody created, which the door's replies may not
     * create) fails after the send: logged and recorded on the notification, never rolled back into a redelivery
     * and a resend.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aReplyThatFailsAfterTheSendNeverResendsIt(Protocol protocol) throws Exception {
        String destination = destination(protocol, 3);
        long deadLettersBefore = broker().messageCount(DLQ);
        sendWithRefusedReplyDestination(protocol, request(destination));

        await().atMost(Duration.ofSeconds(30)).until(() -> sentTo(destination) >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        String notificationId = await().atMost(Duration.ofSeconds(10)).until(() -> notificationWithReplyError(destination),
                id -> id != null);
        // the broker would redeliver within a second or two of a rollback: give it the time to, and see no resend
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() -> sentTo(destination) == 1);
        assertThat(sentTo(destination)).isEqualTo(1);
        assertThat(broker().messageCount(DLQ)).isEqualTo(deadLettersBefore);
        var status = Gateway.json(gateway.admin("GET", "/admin/notifications/" + notificationId, null));
        assertThat(status.get("status").asText()).isEqualTo("SENT");
        assertThat(status.get("replyError").asText()).contains("reply to");
    }

    /** A caller naming a queue of its own as reply destination gets the envelope there (as the README says). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void aCallerNamingItsReplyQueueGetsTheEnvelope(Protocol protocol) throws Exception {
        String destination = destination(protocol, 4);
        String replyQueue = "replies." + protocol.name().toLowerCase() + "." + UUID.randomUUID();
        String reply;
        if (protocol == Protocol.STOMP) {
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                // a plain STOMP subscription and a plain reply-to name: the reply is published to that address
                assertThat(stomp.subscribe("r", replyQueue, Map.of())).startsWith("RECEIPT");
                assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey, "reply-to", replyQueue),
                        request(destination))).startsWith("RECEIPT");
                reply = stomp.readFrame();
            }
        } else {
            try (Connection connection = jmsFactory(protocol).createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Destination replies = session.createQueue(replyQueue);
                var consumer = session.createConsumer(replies);
                MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
                producer.setDisableMessageID(protocol == Protocol.AMQP_WITHOUT_MESSAGE_ID);
                TextMessage message = session.createTextMessage(request(destination));
                message.setStringProperty("websiteId", WEBSITE);
                message.setStringProperty("apikey", apiKey);
                message.setJMSReplyTo(replies);
                message.setJMSCorrelationID("order-1001");
                producer.send(message);
                Message answer = consumer.receive(20_000);
                assertThat(answer).as("the envelope on " + replyQueue).isInstanceOf(TextMessage.class);
                assertThat(answer.getJMSCorrelationID()).isEqualTo("order-1001");
                reply = ((TextMessage) answer).getText();
            }
        }
        assertThat(reply).contains("\"code\":\"SUCCESS\"").contains("\"notificationId\"");
        assertThat(sentTo(destination)).isEqualTo(1);
    }

    /**
     * While the door's consumers wait on a slow Cloud API, a backlog stays in the broker (which pages it to disk): each
     * consumer is sent only a small window of messages ahead. With Artemis' default window (1 MiB a consumer) the
     * whole backlog moved into the gateway's heap. The door holds one consumer while the queue is idle and grows to
     * {@code hsm.jms.concurrent-consumers} under the backlog. A website of its
     * own: its thousand notifications stay out of the other tests' listings.
     */
    @Test
    void aBacklogStaysInTheBrokerWhileTheConsumersAreBusy() throws Exception {
        int backlog = 1000;
        String messagesPath = "/v23.0/3099/messages";
        String backlogApiKey = gateway.website("shop-backlog", "3099", "token-backlog");
        gateway.template("shop-backlog", "hello",
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        var slow = cloudApi.stubFor(post(urlEqualTo(messagesPath)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(2000)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.SLOW\"}]}")));
        await().atMost(Duration.ofSeconds(20)).until(() -> broker().consumerCount(QUEUE) == 1);
        try (Connection connection = jmsFactory(Protocol.CORE).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            String padding = "x".repeat(2048);   // about 2 KB a message: 28 of them fill a consumer's 64 KiB window
            for (int i = 0; i < backlog; i++) {
                TextMessage message = session.createTextMessage(request("549113" + String.format("%07d", i)));
                message.setStringProperty("websiteId", "shop-backlog");
                message.setStringProperty("apikey", backlogApiKey);
                message.setStringProperty("padding", padding);
                producer.send(message);
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    cloudApi.findAll(postRequestedFor(urlEqualTo(messagesPath))).size() >= CONSUMERS);

            await().atMost(Duration.ofSeconds(10)).until(() -> broker().consumerCount(QUEUE) == CONSUMERS);
            assertThat(broker().deliveringCount(QUEUE)).as("messages held by the gateway's consumers")
                    .isPositive().isLessThan(backlog / 4);
            assertThat(broker().messageCount(QUEUE)).as("messages not yet done").isGreaterThan(backlog / 2);
        } finally {
            cloudApi.removeStub(slow);
            cloudApi.stubFor(post(urlEqualTo(messagesPath)).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"messages\":[{\"id\":\"wamid.BACKLOG\"}]}")));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> broker().messageCount(QUEUE) == 0);
        var sends = cloudApi.findAll(postRequestedFor(urlEqualTo(messagesPath)));
        assertThat(sends.stream().map(send -> send.getBodyAsString().replaceAll(".*\"to\":\"(\\d+)\".*", "$1")).distinct())
                .as("each message sent once").hasSize(backlog);
        assertThat(sends).hasSize(backlog);
    }

    /**
     * Qpid Proton's default receiver (a bare source: no capability, no routing type) on a reply address nobody
     * created: the broker creates it with its default routing type, MULTICAST for AMQP, and the request's
     * {@code reply_to} names it plainly. The envelope reaches it.
     */
    @Test
    void aProtonDefaultReceiverOnAnAutoCreatedAddressGetsTheEnvelope() throws Exception {
        String destination = destination(Protocol.AMQP, 5);
        String replyAddress = "replies.proton." + UUID.randomUUID();
        ProtonRequestReply.Reply reply = ProtonRequestReply.call(brokerPort, QUEUE, replyAddress,
                Map.of("websiteId", WEBSITE, "apikey", apiKey), request(destination), "order-1001", Duration.ofSeconds(20));
        assertThat(reply.body()).as("the envelope on " + replyAddress).isNotNull()
                .contains("\"code\":\"SUCCESS\"").contains("\"notificationId\"");
        assertThat(reply.correlationId()).isEqualTo("order-1001");
        assertThat(sentTo(destination)).isEqualTo(1);
    }

    /**
     * A JMS caller subscribed to its reply address as a topic (a MULTICAST address) naming it, as callers do, as a
     * queue in JMSReplyTo: the envelope reaches the subscription (CORE and AMQP 1.0 alike).
     */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"CORE", "AMQP"})
    void aTopicSubscriberNamingItsAddressAsAQueueGetsTheEnvelope(Protocol protocol) throws Exception {
        String destination = destination(protocol, 6);
        String replyAddress = "replies.topic." + protocol.name().toLowerCase() + "." + UUID.randomUUID();
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            var consumer = session.createConsumer(session.createTopic(replyAddress));
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            TextMessage message = session.createTextMessage(request(destination));
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            message.setJMSReplyTo(protocol == Protocol.CORE ? ActiveMQJMSClient.createQueue(replyAddress)
                    : session.createQueue(replyAddress));
            message.setJMSCorrelationID("order-1001");
            producer.send(message);
            Message answer = consumer.receive(20_000);
            assertThat(answer).as("the envelope on " + replyAddress).isInstanceOf(TextMessage.class);
            assertThat(answer.getJMSCorrelationID()).isEqualTo("order-1001");
            assertThat(((TextMessage) answer).getText()).contains("\"code\":\"SUCCESS\"");
        }
        assertThat(sentTo(destination)).isEqualTo(1);
    }

    /** STOMP subscribed as a queue ({@code subscription-type:ANYCAST}) with a plain {@code reply-to}: answered there. */
    @Test
    void aStompAnycastSubscriptionGetsTheEnvelope() throws Exception {
        String destination = destination(Protocol.STOMP, 7);
        String replyQueue = "replies.stomp-anycast." + UUID.randomUUID();
        String reply;
        try (StompClient stomp = StompClient.connect(brokerPort)) {
            assertThat(stomp.subscribe("r", replyQueue, Map.of("subscription-type", "ANYCAST"))).startsWith("RECEIPT");
            assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey, "reply-to", replyQueue),
                    request(destination))).startsWith("RECEIPT");
            reply = stomp.readFrame();
        }
        assertThat(reply).startsWith("MESSAGE").contains("\"code\":\"SUCCESS\"");
        assertThat(sentTo(destination)).isEqualTo(1);
    }

    /**
     * A MULTICAST reply address whose subscriber has gone: a reply there would be dropped by the broker without a
     * word, so it is not sent, and the notification says why at once.
     */
    @Test
    void aReplyAddressWithNoSubscriberLeft() throws Exception {
        String destination = destination(Protocol.CORE, 8);
        String replyAddress = "replies.gone." + UUID.randomUUID();
        try (Connection connection = jmsFactory(Protocol.CORE).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createTopic(replyAddress)).close(); // the address stays, its queue goes
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            TextMessage message = session.createTextMessage(request(destination));
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            message.setJMSReplyTo(ActiveMQJMSClient.createQueue(replyAddress));
            producer.send(message);
        }
        String notificationId = await().atMost(Duration.ofSeconds(20)).until(() -> notificationWithReplyError(destination),
                id -> id != null);
        var status = Gateway.json(gateway.admin("GET", "/admin/notifications/" + notificationId, null));
        assertThat(status.get("status").asText()).isEqualTo("SENT");
        assertThat(status.get("replyError").asText()).contains(replyAddress).contains("no subscriber");
    }

    /**
     * A message whose time to live runs out while it waits in the queue (the door stopped meanwhile) goes to the DLQ
     * as it was sent, and nothing is sent for it: with STOMP's {@code expires} header (an absolute time) and with
     * AMQP 1.0's {@code ttl} (Qpid JMS' time to live). Without the queue's expiry address the broker dropped it
     * without a trace.
     */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"STOMP", "AMQP"})
    void aMessageWhoseTimeToLiveRanOutInTheQueueIsADeadLetter(Protocol protocol) throws Exception {
        String destination = destination(protocol, 9);
        String body = request(destination);
        String mark = "expired-" + UUID.randomUUID();
        gateway.context().getRouteController().stopRoute("door-jms-source");
        try {
            send(protocol, body, List.of(Map.of("mark", mark)), 200);
            Thread.sleep(500);
        } finally {
            gateway.context().getRouteController().startRoute("door-jms-source");
        }

        try (Connection connection = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, OPERATOR, OPERATOR_PASSWORD)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message dead = session.createConsumer(session.createQueue(DLQ), "mark = '" + mark + "'").receive(20_000);
            assertThat(dead).as("the expired message, in the DLQ").isNotNull();
            String deadBody = dead instanceof TextMessage text ? text.getText() : new String(dead.getBody(byte[].class),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(deadBody).isEqualTo(body);
            assertThat(dead.getStringProperty("_AMQ_ORIG_QUEUE")).isEqualTo(QUEUE);
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> sentTo(destination) == 0);
    }

    @Test
    void qpidWithMessageIdsDisabledReallySendsNone() throws Exception {
        // the AMQP_WITHOUT_MESSAGE_ID runs above are only worth something if the client really omits the id
        String scratch = "scratch." + UUID.randomUUID();
        try (Connection connection = new JmsConnectionFactory(OPERATOR, OPERATOR_PASSWORD, "amqp://127.0.0.1:" + brokerPort)
                .createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(scratch));
            producer.setDisableMessageID(true);
            producer.send(session.createTextMessage("x"));
            Message received = session.createConsumer(session.createQueue(scratch)).receive(10_000);
            assertThat(received).isNotNull();
            assertThat(received.getJMSMessageID()).isNull();
        }
    }

    // ------------------------------------------------------------------ the clients

    private static void send(Protocol protocol, String body, List<Map<String, String>> perMessageProperties) throws Exception {
        send(protocol, body, perMessageProperties, 0);
    }

    /** @param timeToLiveMs 0: for ever; else STOMP's {@code expires} (now plus this), JMS' time to live (AMQP's ttl) */
    private static void send(Protocol protocol, String body, List<Map<String, String>> perMessageProperties,
                             long timeToLiveMs) throws Exception {
        if (protocol == Protocol.STOMP) {
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                for (Map<String, String> extra : perMessageProperties) {
                    Map<String, String> headers = new HashMap<>(extra);
                    headers.put("websiteId", WEBSITE);
                    headers.put("apikey", apiKey);
                    if (timeToLiveMs > 0) {
                        headers.put("expires", String.valueOf(System.currentTimeMillis() + timeToLiveMs));
                    }
                    assertThat(stomp.send(QUEUE, headers, body)).startsWith("RECEIPT");
                }
            }
            return;
        }
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDisableMessageID(protocol == Protocol.AMQP_WITHOUT_MESSAGE_ID);
            producer.setTimeToLive(timeToLiveMs);
            for (Map<String, String> extra : perMessageProperties) {
                TextMessage message = session.createTextMessage(body);
                message.setStringProperty("websiteId", WEBSITE);
                message.setStringProperty("apikey", apiKey);
                for (Map.Entry<String, String> property : extra.entrySet()) {
                    message.setStringProperty(property.getKey(), property.getValue());
                }
                producer.send(message);
            }
        }
    }

    /** Sends one message whose reply destination the broker will not create. */
    private static void sendWithRefusedReplyDestination(Protocol protocol, String body) throws Exception {
        String replyTo = REFUSED_REPLIES + UUID.randomUUID();
        if (protocol == Protocol.STOMP) {
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey, "reply-to", replyTo), body))
                        .startsWith("RECEIPT");
            }
            return;
        }
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            // the CORE client's createQueue would look the address up (and find it refused): name it instead
            Destination replies = protocol == Protocol.CORE ? ActiveMQJMSClient.createQueue(replyTo) : session.createQueue(replyTo);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            producer.setDisableMessageID(protocol == Protocol.AMQP_WITHOUT_MESSAGE_ID);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            message.setJMSReplyTo(replies);
            producer.send(message);
        }
    }

    private static ConnectionFactory jmsFactory(Protocol protocol) {
        return protocol == Protocol.CORE
                ? new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                : new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort);
    }

    // ------------------------------------------------------------------ helpers

    private static String request(String destination) {
        return "{\"templateId\":\"hello\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"Ana\"}}";
    }

    private static String destination(Protocol protocol, int scenario) {
        return "54911" + scenario + String.format("%06d", protocol.ordinal() * 1000 + scenario);
    }

    private static int sentTo(String destination) {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo(destination)))).size();
    }

    private static String notificationWithReplyError(String destination) throws Exception {
        for (var notification : Gateway.json(gateway.admin("GET",
                "/admin/notifications?websiteId=" + WEBSITE + "&limit=500", null))) {
            if (destination.equals(notification.path("destination").asText()) && !notification.path("replyError").isNull()) {
                return notification.get("id").asText();
            }
        }
        return null;
    }

    private static EmbeddedBroker broker() {
        return gateway.context().getRegistry().lookupByNameAndType(JmsDoorConfiguration.EMBEDDED_BROKER, EmbeddedBroker.class);
    }
}
