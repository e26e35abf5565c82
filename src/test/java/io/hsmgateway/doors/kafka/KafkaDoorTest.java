package io.hsmgateway.doors.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.support.EmbeddedKafka;
import io.hsmgateway.support.Gateway;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka door end to end: a single-node KRaft broker in this JVM, Apache Kafka's own producer, WireMock as the
 * WhatsApp Cloud API. The stub's received list and the group's committed offsets are the proof.
 */
class KafkaDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSITE = "shop-kafka";
    private static final String PHONE_NUMBER_ID = "2099";
    private static final String MESSAGES_PATH = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    private static final String TOPIC = "door-test";
    private static final String DLT = TOPIC + ".DLT";
    private static final String GROUP = "door-test-gateway";
    private static final int LIMIT = 65536;

    private static EmbeddedKafka kafka;
    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start("door-test");
        kafka.createTopic(TOPIC, 3);
        kafka.createTopic(DLT, 1);
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.kafka.enabled", "true");
        properties.put("hsm.kafka.brokers", kafka.bootstrapServers());
        properties.put("hsm.kafka.topic", TOPIC);
        properties.put("hsm.kafka.group-id", GROUP);
        properties.put("hsm.kafka.redelivery-delay-ms", "200");
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, "token-kafka");
        gateway.template(WEBSITE, "hello",
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        producer = KafkaClients.producer(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void acceptEverything() {
        cloudApi.resetAll();
        ok(0);
    }

    @Test
    void aThousandDistinctRecordsAreSentOnceEachAndCommitted() throws Exception {
        int records = 1000;
        for (int i = 0; i < records; i++) {
            KafkaClients.send(producer, TOPIC, "k" + i, request(destination(1, i), "Ana"), WEBSITE, apiKey, null);
        }
        producer.flush();

        await().atMost(Duration.ofSeconds(90)).until(() -> sent().size() >= records);
        awaitAllCommitted();
        Map<String, Long> perDestination = sent().stream()
                .collect(Collectors.groupingBy(KafkaDoorTest::destinationOf, Collectors.counting()));
        System.out.printf("[KafkaDoorTest] 1,000 distinct records: %d sends, %d distinct, %d twice%n", sent().size(),
                perDestination.size(), perDestination.values().stream().filter(n -> n > 1).count());
        assertThat(perDestination).hasSize(records);
        assertThat(perDestination.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(deadLetters(r -> destinationOf(r).startsWith("54911000001"))).isEmpty();
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneSendEvenWhenBothAreInFlightTogether() throws Exception {
        ok(1500);   // the first is still at WhatsApp when the second arrives: not done, consumed again later
        double returnedBefore = returned();
        String body = request(destination(2, 1), "Bea");
        KafkaClients.send(producer, TOPIC, "same", body, WEBSITE, apiKey, "order-42");
        KafkaClients.send(producer, TOPIC, "same", body, WEBSITE, apiKey, "order-42").get(10, TimeUnit.SECONDS);

        awaitAllCommitted();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> sent().size() == 1);
        assertThat(returned()).as("the second, held by the first, was consumed again").isGreaterThan(returnedBefore);
        assertThat(deadLetters(r -> destinationOf(r).equals(destination(2, 1)))).isEmpty();
    }

    @Test
    void aMalformedValueIsADeadLetterWithItsReasonAndNothingIsSent() throws Exception {
        String malformed = "{\"templateId\":\"hello\",\"destination\":\"" + destination(3, 1) + "\"";
        KafkaClients.send(producer, TOPIC, null, malformed, WEBSITE, apiKey, null).get(10, TimeUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(r -> value(r).equals(malformed));
        assertThat(KafkaClients.header(dead, "code")).isEqualTo("INVALID_BODY");
        assertThat(KafkaClients.header(dead, "statusCode")).isEqualTo("400");
        assertThat(KafkaClients.header(dead, "description")).isNotBlank();
        assertThat(KafkaClients.header(dead, "websiteId")).isEqualTo(WEBSITE);
        assertThat(KafkaClients.header(dead, "channel")).isEqualTo("kafka");
        assertThat(KafkaClients.header(dead, "notificationId")).isNotBlank();
        assertThat(KafkaClients.header(dead, "apikey")).isNull();
        awaitAllCommitted();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aWrongApiKeyIsADeadLetterWithItsReasonAndNothingIsSent() throws Exception {
        String body = request(destination(4, 1), "Eve");
        KafkaClients.send(producer, TOPIC, null, body, WEBSITE, "not-the-key", null).get(10, TimeUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(r -> value(r).equals(body));
        assertThat(KafkaClients.header(dead, "code")).isEqualTo("UNAUTHORIZED");
        assertThat(KafkaClients.header(dead, "statusCode")).isEqualTo("401");
        assertThat(KafkaClients.header(dead, "description")).isEqualTo("Invalid ApiKey");
        assertThat(KafkaClients.header(dead, "websiteId")).isEqualTo(WEBSITE);
        assertThat(KafkaClients.header(dead, "apikey")).isNull();
        awaitAllCommitted();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aDeadLetterTheTopicWillNotTakeLeavesTheRecordUncommittedUntilItDoes() throws Exception {
        double returnedBefore = returned();
        setDeadLetterTopicMaxBytes("64");   // the dead letter (value and reason headers) is larger: refused
        try {
            String body = request(destination(7, 1), "Olga");
            KafkaClients.send(producer, TOPIC, null, body, WEBSITE, "wrong-key", null).get(10, TimeUnit.SECONDS);

            // not done: consumed again and again, never committed, while the dead-letter topic refuses it
            await().atMost(Duration.ofSeconds(30)).until(() -> returned() >= returnedBefore + 2);
            assertThat(lag()).isPositive();
            assertThat(deadLetters(r -> value(r).equals(body))).isEmpty();

            setDeadLetterTopicMaxBytes("1048588");
            ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(r -> value(r).equals(body));
            assertThat(KafkaClients.header(dead, "code")).isEqualTo("UNAUTHORIZED");
            awaitAllCommitted();
            assertThat(sent()).isEmpty();
        } finally {
            setDeadLetterTopicMaxBytes("1048588");
        }
    }

    @Test
    void bytesThatAreNotUtf8AreADeadLetterKeptByteForByte() throws Exception {
        byte[] latin1 = request(destination(5, 1), "Zoë").getBytes(StandardCharsets.ISO_8859_1);
        producer.send(KafkaClients.record(TOPIC, null, latin1, Map.of("websiteId", WEBSITE, "apikey", apiKey)))
                .get(10, TimeUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(r -> java.util.Arrays.equals(r.value(), latin1));
        assertThat(KafkaClients.header(dead, "code")).isEqualTo("INVALID_BODY");
        awaitAllCommitted();
        assertThat(sent()).isEmpty();
    }

    @Test
    void aRecordExactlyAtTheSizeLimitIsSentAndOneByteOverIsADeadLetter() throws Exception {
        String request = request(destination(6, 1), "Ñandú");   // two 2-byte characters
        String atLimit = request + " ".repeat(LIMIT - request.getBytes(StandardCharsets.UTF_8).length);
        String overByOne = request(destination(6, 2), "Ñandú");
        overByOne = overByOne + " ".repeat(LIMIT - overByOne.getBytes(StandardCharsets.UTF_8).length + 1);
        KafkaClients.send(producer, TOPIC, null, atLimit, WEBSITE, apiKey, null);
        String over = overByOne;
        KafkaClients.send(producer, TOPIC, null, over, WEBSITE, apiKey, null).get(10, TimeUnit.SECONDS);

        ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(r -> value(r).equals(over));
        assertThat(KafkaClients.header(dead, "code")).isEqualTo("PAYLOAD_TOO_LARGE");
        awaitAllCommitted();
        assertThat(sent()).extracting(KafkaDoorTest::destinationOf).containsExactly(destination(6, 1));
    }

    // ------------------------------------------------------------------ helpers

    static String request(String destination, String name) throws Exception {
        return JSON.writeValueAsString(Map.of("templateId", "hello", "destination", destination, "params", Map.of("name", name)));
    }

    /** A number of its own per test and record, so one test's sends and dead letters never count in another's. */
    static String destination(int test, int i) {
        return "5491100" + test + String.format("%04d", i);
    }

    private static void ok(int delayMs) {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(delayMs)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.K\"}]}")));
    }

    private static List<LoggedRequest> sent() {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String destinationOf(ConsumerRecord<byte[], byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("destination").asText().replaceAll("\\D", "");
        } catch (Exception notJson) {
            return "";
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(Predicate<ConsumerRecord<byte[], byte[]>> which) {
        return KafkaClients.readAll(kafka.bootstrapServers(), DLT).stream().filter(which).toList();
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(Predicate<ConsumerRecord<byte[], byte[]>> which) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !deadLetters(which).isEmpty());
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(which);
        assertThat(dead).hasSize(1);
        return dead.get(0);
    }

    /** The group's committed offsets reach the end of every partition of the topic. */
    private static void awaitAllCommitted() {
        await().atMost(Duration.ofSeconds(60)).until(() -> lag() == 0);
    }

    static long lag() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, 3).boxed()
                    .collect(Collectors.toMap(p -> new TopicPartition(TOPIC, p), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                    .mapToLong(end -> end.getValue().offset() - Optional.ofNullable(committed.get(end.getKey()))
                            .map(OffsetAndMetadata::offset).orElse(0L))
                    .sum();
        }
    }

    private static void setDeadLetterTopicMaxBytes(String bytes) throws Exception {
        try (Admin admin = kafka.admin()) {
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, DLT),
                    List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", bytes), AlterConfigOp.OpType.SET))))
                    .all().get(10, TimeUnit.SECONDS);
        }
    }

    private static double returned() {
        GatewayMeters meters = gateway.context().getRegistry().lookupByNameAndType(GatewayMeters.BEAN_NAME, GatewayMeters.class);
        var counter = meters.registry().find(KafkaDoorMeters.RECORDS).tag("result", "returned").counter();
        return counter == null ? 0 : counter.count();
    }
}
