package io.hsmgateway.doors.jms;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.api.core.management.ManagementHelper;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker attacked as any local process could, with clients this project did not write (the Artemis
 * CORE JMS client, Qpid JMS over AMQP 1.0, STOMP as raw frames) and no credentials: sending notifications works;
 * taking them (and their API keys) off the queue, reading the dead letters, adding a queue that would receive
 * copies, managing the broker, or making the gateway write into a queue of the attacker's choosing does not; and
 * an oversized frame or message is refused without the broker holding it.
 */
class EmbeddedBrokerSecurityTest {

    enum Protocol { CORE, AMQP, STOMP }

    enum Access { CONSUME, BROWSE }

    private static final String WEBSITE = "shop-broker";
    private static final String PHONE_NUMBER_ID = "4099";
    private static final String MESSAGES_PATH = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    private static final String QUEUE = "hsm.notifications";
    private static final String DLQ = "hsm.notifications.DLQ";
    /** Far over any request (hsm.request.max-bytes, 64 KiB by default): the 50 MB of the original attack. */
    private static final long HUGE_FRAME_BYTES = 50L * 1024 * 1024;

    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private static int brokerPort;
    private static Path brokerData;

    @BeforeAll
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.B\"}]}")));
        // no hsm.jms.username / password: the default, where only the gateway itself may consume
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        brokerData = Path.of(properties.get("hsm.jms.data-dir"));
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, "token-broker");
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

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anAnonymousSendIsDelivered(Protocol protocol) throws Exception {
        String destination = destination(protocol, 1);
        send(protocol, request(destination));

        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(destination) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
    }

    static Stream<Arguments> theftAttempts() {
        return Arrays.stream(Protocol.values()).flatMap(protocol -> Arrays.stream(Access.values())
                .flatMap(access -> Stream.of(QUEUE, DLQ).map(queue -> Arguments.of(protocol, access, queue))));
    }

    /** The reported attack: a subscriber without credentials took notifications (and their API keys) off the queue. */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("theftAttempts")
    void anAnonymousClientCannotConsumeNorBrowseTheQueues(Protocol protocol, Access access, String queue) throws Exception {
        if (protocol == Protocol.STOMP) {
            // connected (or the test fails), then refused by an ERROR frame: a connection that failed is no refusal
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                Map<String, String> headers = access == Access.BROWSE ? Map.of("browser", "true") : Map.of();
                assertThat(stomp.subscribe("thief", queue, headers)).as("the broker's answer").startsWith("ERROR");
            }
        } else {
            try (Connection connection = jmsFactory(protocol).createConnection()) {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue target = session.createQueue(queue);
                if (access == Access.CONSUME) {
                    assertThatThrownBy(() -> session.createConsumer(target).receive(2_000))
                            .isInstanceOf(JMSException.class);
                } else {
                    assertThatThrownBy(() -> session.createBrowser(target).getEnumeration().hasMoreElements())
                            .isInstanceOf(JMSException.class);
                }
            }
        }
        // and what is sent meanwhile still reaches WhatsApp, once
        String destination = destination(protocol, 2 + access.ordinal() * 2 + (queue.equals(DLQ) ? 1 : 0));
        send(protocol, request(destination));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(destination) == 1);
    }

    /** A second queue on the notifications address would get its share of the messages: not for anonymous clients. */
    @Test
    void anAnonymousClientCannotAddAQueueToTheNotificationsAddress() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
             ClientSessionFactory sessions = locator.createSessionFactory();
             ClientSession session = sessions.createSession()) {
            assertThatThrownBy(() -> session.createQueue(QueueConfiguration.of("stolen-" + UUID.randomUUID())
                    .setAddress(QUEUE).setRoutingType(RoutingType.ANYCAST).setDurable(false)))
                    .isInstanceOf(ActiveMQException.class);
        }
        try (StompClient stomp = StompClient.connect(brokerPort)) {
            // a multicast subscription would add a routing type to the address
            assertThat(stomp.subscribe("copy", QUEUE, Map.of("subscription-type", "MULTICAST"))).startsWith("ERROR");
        }
    }

    @Test
    void anAnonymousClientCannotManageTheBroker() throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator("tcp://127.0.0.1:" + brokerPort);
             ClientSessionFactory sessions = locator.createSessionFactory();
             ClientSession session = sessions.createSession();
             ClientProducer management = session.createProducer("activemq.management")) {
            ClientMessage destroy = session.createMessage(true);   // durable: the send waits for the broker's verdict
            ManagementHelper.putOperationInvocation(destroy, ResourceNames.BROKER, "destroyQueue", DLQ);
            assertThatThrownBy(() -> management.send(destroy)).isInstanceOf(ActiveMQException.class);
        }
        assertThat(broker().messageCount(DLQ)).as("the dead-letter queue still exists").isNotNegative();
    }

    /** An address of the client's choosing is not created for it (only its reply queues under replies.). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void anAnonymousClientCannotCreateOtherAddresses(Protocol protocol) throws Exception {
        String address = "elsewhere." + UUID.randomUUID();
        if (protocol == Protocol.STOMP) {
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                assertThat(stomp.send(address, Map.of(), "{}")).startsWith("ERROR");
            }
        } else {
            try (Connection connection = jmsFactory(protocol).createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> session.createProducer(session.createQueue(address))
                        .send(session.createTextMessage("{}"))).isInstanceOf(JMSException.class);
            }
        }
        assertThat(broker().messageCount(address)).as("no such queue").isEqualTo(-1);
    }

    /**
     * The door answers JMSReplyTo with its own rights: a reply-to naming the dead-letter queue (or any queue
     * but a reply queue) would have the gateway write fake dead letters there. The notification is still sent;
     * the reply is refused and recorded.
     */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"CORE", "AMQP"})
    void aReplyToNamingTheDeadLetterQueueWritesNothingThere(Protocol protocol) throws Exception {
        String destination = destination(protocol, 7);
        long deadLettersBefore = broker().messageCount(DLQ);
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(request(destination));
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            message.setJMSReplyTo(session.createQueue(DLQ));
            session.createProducer(session.createQueue(QUEUE)).send(message);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sentTo(destination) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> broker().messageCount(QUEUE) == 0);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                .until(() -> broker().messageCount(DLQ) == deadLettersBefore);
    }

    /** The reported attack: one 50 MB STOMP frame grew the gateway's heap by 200 MB. */
    @Test
    void anOversizedStompFrameClosesTheConnectionBeforeTheBrokerHoldsIt() throws Exception {
        long written = 0;
        try (Socket socket = new Socket("127.0.0.1", brokerPort)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0".getBytes(StandardCharsets.US_ASCII));
            out.write(("SEND\ndestination:" + QUEUE + "\nwebsiteId:" + WEBSITE + "\napikey:" + apiKey
                    + "\ncontent-type:application/json\n\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            try {
                while (written < HUGE_FRAME_BYTES) {
                    out.write(chunk);
                    written += chunk.length;
                }
                out.write(0);
                out.flush();
                // the whole frame went through: the broker must at least refuse it now
                assertThat(socket.getInputStream().readAllBytes()).as("the broker's answer").isNotEmpty();
            } catch (IOException closedByTheBroker) {
                // what should happen, long before 50 MB
            }
        }
        assertThat(written).as("bytes the broker read before closing the connection").isLessThan(HUGE_FRAME_BYTES / 4);
        assertThat(broker().messageCount(QUEUE)).isZero();
    }

    /** The same as raw CORE: a packet announcing 50 MB is refused when its length is read, not buffered. */
    @Test
    void anOversizedCorePacketClosesTheConnectionBeforeTheBrokerHoldsIt() throws Exception {
        long written = 0;
        try (Socket socket = new Socket()) {
            // a small, fixed send buffer: what counts as written is what the broker took, not what the kernel queued
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", brokerPort));
            OutputStream out = socket.getOutputStream();
            out.write("ARTEMIS".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) (HUGE_FRAME_BYTES >>> 24), (byte) (HUGE_FRAME_BYTES >>> 16),
                    (byte) (HUGE_FRAME_BYTES >>> 8), (byte) HUGE_FRAME_BYTES});
            byte[] chunk = new byte[64 * 1024];
            try {
                while (written < HUGE_FRAME_BYTES) {
                    out.write(chunk);
                    written += chunk.length;
                }
            } catch (IOException closedByTheBroker) {
                // what should happen, long before 50 MB
            }
        }
        assertThat(written).as("bytes the broker read before closing the connection").isLessThan(HUGE_FRAME_BYTES / 4);
    }

    /** A 1 MB message by the CORE or AMQP client (which split it into frames of legal size) is refused; nothing is stored. */
    @ParameterizedTest
    @EnumSource(value = Protocol.class, names = {"CORE", "AMQP"})
    void anOversizedMessageIsRefusedAndNothingIsStored(Protocol protocol) throws Exception {
        String destination = destination(protocol, 8);
        String padded = request(destination).replace("}", " ".repeat(1024 * 1024) + "}");
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(QUEUE));
            TextMessage message = session.createTextMessage(padded);
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            assertThatThrownBy(() -> producer.send(message)).isInstanceOf(JMSException.class);
        }
        assertThat(broker().messageCount(QUEUE)).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> sentTo(destination) == 0);
        Path largeMessages = brokerData.resolve("large-messages");
        try (Stream<Path> files = Files.exists(largeMessages) ? Files.list(largeMessages) : Stream.empty()) {
            assertThat(files).as("large message files left on disk").isEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void send(Protocol protocol, String body) throws Exception {
        if (protocol == Protocol.STOMP) {
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                assertThat(stomp.send(QUEUE, Map.of("websiteId", WEBSITE, "apikey", apiKey), body)).startsWith("RECEIPT");
            }
            return;
        }
        try (Connection connection = jmsFactory(protocol).createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(body);
            message.setStringProperty("websiteId", WEBSITE);
            message.setStringProperty("apikey", apiKey);
            session.createProducer(session.createQueue(QUEUE)).send(message);
        }
    }

    private static ConnectionFactory jmsFactory(Protocol protocol) {
        return protocol == Protocol.CORE
                ? new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort)
                : new JmsConnectionFactory("amqp://127.0.0.1:" + brokerPort);
    }

    private static String request(String destination) {
        return "{\"templateId\":\"hello\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"Ana\"}}";
    }

    private static String destination(Protocol protocol, int scenario) {
        return "54922" + String.format("%02d", scenario) + String.format("%05d", protocol.ordinal() * 1000 + scenario);
    }

    private static int sentTo(String destination) {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo(destination)))).size();
    }

    private static EmbeddedBroker broker() {
        return gateway.context().getRegistry().lookupByNameAndType(JmsDoorConfiguration.EMBEDDED_BROKER, EmbeddedBroker.class);
    }
}
