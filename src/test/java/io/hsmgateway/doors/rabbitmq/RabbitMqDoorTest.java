package io.hsmgateway.doors.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.MessageProperties;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The RabbitMQ door end to end on the machine's RabbitMQ (a virtual host of its own), WireMock as the WhatsApp
 * Cloud API, the RabbitMQ Java client (amqp-client) as the producer.
 */
class RabbitMqDoorTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String WEBSITE = "shop-rabbit";
    static final String QUEUE = "hsm.notifications";
    static final String DEAD_LETTERS = "hsm.notifications.dead-letters";
    static final String DEAD_LETTER_EXCHANGE = "hsm.notifications.dlx";
    static final int LIMIT = 65536;

    static RabbitMqVhost vhost;
    static WireMockServer cloudApi;
    static Map<String, String> properties;
    static Gateway gateway;
    static String apiKey;
    static Connection producer;
    static Channel channel;

    @BeforeAll
    static void start() throws Exception {
        vhost = RabbitMqVhost.create("hsm-door-test");
        cloudApi = CloudApiStub.accepting();
        properties = Gateway.defaults(cloudApi);
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.throttle.per-number", "0");
        vhost.configure(properties);
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, "1077", "token-rabbit");
        gateway.template(WEBSITE, "7", CloudApiStub.TEXT_TEMPLATE);
        producer = vhost.producers().newConnection();
        channel = producer.createChannel();
        channel.confirmSelect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (vhost != null) {
            vhost.close();
        }
    }

    @Test
    void aThousandDistinctMessagesAreSentOnceEach() throws Exception {
        int count = 1000;
        for (int i = 0; i < count; i++) {
            publish(request(destination(1, i), "Ana"), headers(apiKey), props -> props);
        }
        channel.waitForConfirmsOrDie(30_000);

        await().atMost(Duration.ofSeconds(90)).until(() -> sentTo(1).size() == count);
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(QUEUE) == 0);
        Map<String, Long> perDestination = sentTo(1);
        long twice = perDestination.values().stream().filter(n -> n > 1).count();
        System.out.printf("[RabbitMqDoorTest] 1,000 distinct messages: %d destinations sent to, %d twice%n",
                perDestination.size(), twice);
        assertThat(perDestination).hasSize(count);
        assertThat(twice).isZero();
    }

    @Test
    void theSameIdempotencyKeyTwiceIsSentOnce() throws Exception {
        Map<String, Object> headers = headers(apiKey);
        headers.put("idempotencyKey", "order-" + UUID.randomUUID());
        publish(request(destination(2, 1), "Ana"), headers, props -> props);
        publish(request(destination(2, 1), "Ana"), headers, props -> props);
        channel.waitForConfirmsOrDie(10_000);

        await().atMost(Duration.ofSeconds(20)).until(() -> channel.messageCount(QUEUE) == 0 && sentTo(2).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> total(sentTo(2)) == 1);
        // its second delivery waited for the first one's outcome (requeued meanwhile): never a dead letter
        assertThat(channel.messageCount(DEAD_LETTERS)).isZero();
    }

    @Test
    void theSameMessageIdTwiceIsSentOnce() throws Exception {
        String messageId = UUID.randomUUID().toString();
        publish(request(destination(3, 1), "Ana"), headers(apiKey), props -> props.messageId(messageId));
        publish(request(destination(3, 1), "Ana"), headers(apiKey), props -> props.messageId(messageId));
        channel.waitForConfirmsOrDie(10_000);

        await().atMost(Duration.ofSeconds(20)).until(() -> channel.messageCount(QUEUE) == 0 && sentTo(3).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> total(sentTo(3)) == 1);
        // its second delivery waited for the first one's outcome (requeued meanwhile): never a dead letter
        assertThat(channel.messageCount(DEAD_LETTERS)).isZero();
    }

    @Test
    void aMalformedBodyAndAWrongApiKeyAreOneDeadLetterEachWithTheReason() throws Exception {
        byte[] malformed = "{\"templateId\": \"7\", \"destination\": ".getBytes(StandardCharsets.UTF_8);
        publishBytes(malformed, headers(apiKey), props -> props.messageId("malformed-" + UUID.randomUUID()));
        GetResponse first = deadLetter();
        byte[] wrongKeyBody = request(destination(4, 1), "Ana").getBytes(StandardCharsets.UTF_8);
        publishBytes(wrongKeyBody, headers("not-the-key"), props -> props.messageId("wrong-key-" + UUID.randomUUID()));
        GetResponse second = deadLetter();

        assertThat(first.getBody()).isEqualTo(malformed);
        assertThat(header(first, "code")).isEqualTo("INVALID_BODY");
        assertThat(header(first, "statusCode")).isEqualTo("400");
        assertThat(header(first, "websiteId")).isEqualTo(WEBSITE);
        assertThat(header(first, "channel")).isEqualTo("rabbitmq");
        assertThat(header(first, "description")).isNotEmpty();
        assertThat(header(first, "notificationId")).isNotEmpty();
        assertThat(first.getProps().getHeaders()).doesNotContainKey("apikey");

        assertThat(second.getBody()).isEqualTo(wrongKeyBody);
        assertThat(header(second, "code")).isEqualTo("UNAUTHORIZED");
        assertThat(header(second, "statusCode")).isEqualTo("401");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount(DEAD_LETTERS) == 0);
        assertThat(channel.messageCount(QUEUE)).isZero();
        assertThat(sentTo(4)).isEmpty();
    }

    @Test
    void aDeadLetterTheBrokerWillNotTakeKeepsItsMessageUntilItDoes() throws Exception {
        channel.exchangeDelete(DEAD_LETTER_EXCHANGE);
        try {
            publish(request(destination(9, 1), "Ana"), headers("not-the-key"),
                    props -> props.messageId("dead-letter-refused-" + UUID.randomUUID()));
            // publishing the dead letter fails (no such exchange): the message is retried, requeued, never acknowledged.
            // The exchange comes back half-way between two tries (1 s apart): a try between its declaration and its
            // queue's binding would publish to an exchange with no queue, and the broker would drop the dead letter
            await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(10))
                    .until(() -> channel.messageCount(DEAD_LETTERS) == 0);
        } finally {
            channel.exchangeDeclare(DEAD_LETTER_EXCHANGE, "fanout", true);
            channel.queueBind(DEAD_LETTERS, DEAD_LETTER_EXCHANGE, DEAD_LETTERS);
        }
        GetResponse dead = deadLetter();
        assertThat(header(dead, "code")).isEqualTo("UNAUTHORIZED");
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(QUEUE) == 0);
        assertThat(sentTo(9)).isEmpty();
    }

    @Test
    void aDeadLetterTheExchangeRoutesToNoQueueKeepsItsMessageUntilOneIsBound() throws Exception {
        // the exchange is there, no queue is bound to it: the broker confirms what it routes nowhere, and drops it
        channel.queueUnbind(DEAD_LETTERS, DEAD_LETTER_EXCHANGE, DEAD_LETTERS);
        String messageId = "dead-letter-unrouted-" + UUID.randomUUID();
        try {
            publish(request(destination(10, 1), "Ana"), headers("not-the-key"), props -> props.messageId(messageId));
            // bound again half-way between two of the door's tries (1 s apart)
            Thread.sleep(2500);
        } finally {
            channel.queueBind(DEAD_LETTERS, DEAD_LETTER_EXCHANGE, DEAD_LETTERS);
        }
        GetResponse dead = deadLetter();
        assertThat(header(dead, "code")).isEqualTo("UNAUTHORIZED");
        assertThat(header(dead, "websiteId")).isEqualTo(WEBSITE);
        await().atMost(Duration.ofSeconds(10)).until(() -> channel.messageCount(QUEUE) == 0);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> channel.messageCount(DEAD_LETTERS) == 0);
        assertThat(sentTo(10)).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreADeadLetterUnchanged() throws Exception {
        byte[] latin1 = request(destination(5, 1), "Zoë").getBytes(StandardCharsets.ISO_8859_1);
        publishBytes(latin1, headers(apiKey), props -> props.contentType("text/plain").contentEncoding("ISO-8859-1"));

        GetResponse dead = deadLetter();
        assertThat(dead.getBody()).isEqualTo(latin1);
        assertThat(header(dead, "code")).isEqualTo("INVALID_BODY");
        assertThat(sentTo(5)).isEmpty();
    }

    @Test
    void replyToIsAnsweredWithTheCorrelationIdElseTheMessageId() throws Exception {
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<AMQP.BasicProperties> answers = new ArrayBlockingQueue<>(4);
        BlockingQueue<JsonNode> envelopes = new ArrayBlockingQueue<>(4);
        channel.basicConsume(replies, true, (tag, delivery) -> {
            answers.add(delivery.getProperties());
            envelopes.add(JSON.readTree(delivery.getBody()));
        }, tag -> { });

        publish(request(destination(6, 1), "Zoë"), headers(apiKey),
                props -> props.replyTo(replies).correlationId("corr-1").messageId("m-" + UUID.randomUUID()));
        assertThat(answers.poll(20, TimeUnit.SECONDS).getCorrelationId()).isEqualTo("corr-1");
        JsonNode envelope = envelopes.take();
        assertThat(envelope.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(envelope.get("notificationId").asText()).isNotEmpty();

        String messageId = "m-" + UUID.randomUUID();
        publish("{not json", headers(apiKey), props -> props.replyTo(replies).messageId(messageId));
        assertThat(answers.poll(20, TimeUnit.SECONDS).getCorrelationId()).isEqualTo(messageId);
        assertThat(envelopes.take().get("code").asText()).isEqualTo("INVALID_BODY");
        deadLetter();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(sentTo(6)).containsValue(1L).hasSize(1));
    }

    @Test
    void aRequestExactlyAtTheSizeLimitInUtf8BytesIsSentAndOneByteMoreIsRefused() throws Exception {
        String replies = channel.queueDeclare().getQueue();
        BlockingQueue<JsonNode> envelopes = new ArrayBlockingQueue<>(4);
        channel.basicConsume(replies, true, (tag, delivery) -> envelopes.add(JSON.readTree(delivery.getBody())), tag -> { });
        String request = request(destination(7, 1), "Ñandú");
        String atLimit = request + " ".repeat(LIMIT - request.getBytes(StandardCharsets.UTF_8).length);

        publish(atLimit, headers(apiKey), props -> props.replyTo(replies).messageId(UUID.randomUUID().toString()));
        assertThat(envelopes.poll(20, TimeUnit.SECONDS).get("code").asText()).isEqualTo("SUCCESS");
        publish(atLimit + " ", headers(apiKey), props -> props.replyTo(replies).messageId(UUID.randomUUID().toString()));
        JsonNode refused = envelopes.poll(20, TimeUnit.SECONDS);
        assertThat(refused.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.at("/result/maxBytes").asInt()).isEqualTo(LIMIT);
        assertThat(header(deadLetter(), "code")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(total(sentTo(7))).isEqualTo(1);
    }

    @Test
    void messagesWithoutIdentityAreCountedAndTheBrokerConnectionIsUp() throws Exception {
        double before = withoutIdentity();
        publish(request(destination(8, 1), "Ana"), headers(apiKey), props -> props);
        channel.waitForConfirmsOrDie(10_000);
        await().atMost(Duration.ofSeconds(20)).until(() -> withoutIdentity() == before + 1);
        Health health = Health.of(properties);
        assertThat(health.state(RabbitMqBrokerHealthCheck.ID)).isEqualTo("UP");
        assertThat(health.state("consumer:door-rabbitmq")).isEqualTo("UP");
    }

    // ------------------------------------------------------------------ helpers

    static double withoutIdentity() {
        var counter = gateway.context().getRegistry().findSingleByType(io.micrometer.core.instrument.MeterRegistry.class)
                .find(RabbitMqMessageIdentity.WITHOUT_IDENTITY).tag("channel", "rabbitmq").counter();
        return counter == null ? 0 : counter.count();
    }

    static String request(String destination, String name) throws Exception {
        return JSON.writeValueAsString(Map.of("templateId", "7", "destination", destination, "params", Map.of("name", name)));
    }

    /** Destinations of one test (its group) are its own: what WhatsApp received is counted per test. */
    static String destination(int group, int i) {
        return String.format("54911%02d%05d", group, i);
    }

    static Map<String, Object> headers(String key) {
        Map<String, Object> headers = new HashMap<>();
        headers.put("websiteId", WEBSITE);
        headers.put("apikey", key);
        return headers;
    }

    static void publish(String body, Map<String, Object> headers,
                        Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> props) throws Exception {
        publishBytes(body.getBytes(StandardCharsets.UTF_8), headers, props);
    }

    static void publishBytes(byte[] body, Map<String, Object> headers,
                             Function<AMQP.BasicProperties.Builder, AMQP.BasicProperties.Builder> props) throws Exception {
        AMQP.BasicProperties.Builder builder = MessageProperties.PERSISTENT_BASIC.builder()
                .contentType("application/json").headers(headers);
        channel.basicPublish("", QUEUE, props.apply(builder).build(), body);
    }

    /** One dead letter, waited for (20 s at most). */
    static GetResponse deadLetter() {
        GetResponse[] got = new GetResponse[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> (got[0] = channel.basicGet(DEAD_LETTERS, true)) != null);
        return got[0];
    }

    static String header(GetResponse message, String name) {
        Object value = message.getProps().getHeaders().get(name);
        return value == null ? null : value.toString();
    }

    /** What WhatsApp received for one test's destinations: destination -> times. */
    static Map<String, Long> sentTo(int group) {
        String prefix = String.format("54911%02d", group);
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .map(RabbitMqDoorTest::destinationOf)
                .filter(to -> to.startsWith(prefix))
                .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
    }

    static long total(Map<String, Long> perDestination) {
        return perDestination.values().stream().mapToLong(Long::longValue).sum();
    }

    static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).path("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
