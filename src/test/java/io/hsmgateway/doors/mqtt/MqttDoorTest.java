package io.hsmgateway.doors.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT 5 door end to end on the machine's Mosquitto (127.0.0.1:1883, a topic prefix of this run's own),
 * WireMock as the WhatsApp Cloud API; the producer is Eclipse Paho's client used directly, or mosquitto_pub.
 */
class MqttDoorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSITE = "shop-mqtt";

    private static WireMockServer cloudApi;
    private static Gateway gateway;
    private static String apiKey;
    private static String topic;
    private static String deadLetters;
    private static MqttTestClient producer;

    @BeforeAll
    static void start() throws Exception {
        Mosquitto.assumeShared();
        cloudApi = CloudApiStub.accepting();
        String prefix = Mosquitto.prefix();
        topic = prefix + "/notifications";
        deadLetters = topic + "/dead-letters";
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.mqtt.enabled", "true");
        properties.put("hsm.mqtt.broker-url", Mosquitto.SHARED_URL);
        properties.put("hsm.mqtt.topic", topic);
        properties.put("hsm.mqtt.shared-group", "g" + UUID.randomUUID().toString().replace("-", ""));
        properties.put("hsm.mqtt.client-id", "hsm-test-door-" + UUID.randomUUID());
        // a session that ends with the test: nothing of this run stays on the machine's broker
        properties.put("hsm.mqtt.session-expiry-seconds", "5");
        gateway = Gateway.start(properties);
        apiKey = gateway.website(WEBSITE, "2099", "token-mqtt");
        gateway.template(WEBSITE, "hello", CloudApiStub.TEXT_TEMPLATE);
        producer = new MqttTestClient(Mosquitto.SHARED_URL);
        producer.subscribe(deadLetters);
        await().atMost(Duration.ofSeconds(20)).until(() -> connection().connected());
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
    }

    @Test
    void thousandDistinctMessagesAreSentOnceEach() throws Exception {
        int burst = 1000;
        long started = System.nanoTime();
        for (int i = 0; i < burst; i++) {
            producer.publish(topic, request(destination(1, i)), properties("burst-" + i));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> calls(1).size() >= burst);
        Thread.sleep(1_000); // a second copy of anything would show by now
        Map<String, Long> perDestination = perDestination(1);
        System.out.printf("[MqttDoorTest] 1000 distinct messages: %d Cloud API calls, %d destinations, %d twice, in %d ms%n",
                calls(1).size(), perDestination.size(),
                perDestination.values().stream().filter(n -> n > 1).count(), (System.nanoTime() - started) / 1_000_000);
        assertThat(perDestination).hasSize(burst);
        assertThat(perDestination.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    @Test
    void theSameIdempotencyKeyTwiceIsOneSend() throws Exception {
        String key = "order-" + UUID.randomUUID();
        producer.publish(topic, request(destination(2, 1)), properties(key));
        producer.publish(topic, request(destination(2, 1)), properties(key));
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(2).size() >= 1);
        Thread.sleep(1_500);
        assertThat(calls(2)).hasSize(1);
    }

    @Test
    void aMessageWithoutIdempotencyKeyIsSentAndCountedAsHavingNoIdentity() throws Exception {
        double before = withoutIdentity();
        producer.publish(topic, request(destination(3, 1)), Map.of("websiteId", WEBSITE, "apikey", apiKey));
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(3).size() == 1);
        assertThat(withoutIdentity()).isEqualTo(before + 1);
    }

    @Test
    void malformedPayloadAndWrongApiKeyAreDeadLetteredWithTheirReasonAndNothingIsSent() throws Exception {
        String malformed = "{\"templateId\": \"hello\", \"destination\": ";
        producer.publish(topic, malformed, properties("malformed-" + UUID.randomUUID()));
        MqttTestClient.Received dead = producer.next(Duration.ofSeconds(20));
        assertThat(dead).as("dead letter of the malformed payload").isNotNull();
        assertThat(dead.payload()).isEqualTo(malformed);
        assertThat(dead.userProperties()).containsEntry("code", "INVALID_BODY").containsEntry("statusCode", "400")
                .containsEntry("websiteId", WEBSITE).containsEntry("channel", "mqtt").containsKey("description")
                .doesNotContainKey("apikey");

        String request = request(destination(4, 1));
        producer.publish(topic, request, Map.of("websiteId", WEBSITE, "apikey", "not-the-key",
                "idempotencyKey", "wrong-key-" + UUID.randomUUID()));
        dead = producer.next(Duration.ofSeconds(20));
        assertThat(dead).as("dead letter of the wrong api key").isNotNull();
        assertThat(dead.payload()).isEqualTo(request);
        assertThat(dead.userProperties()).containsEntry("code", "UNAUTHORIZED").containsEntry("statusCode", "401")
                .containsEntry("description", "Invalid ApiKey").doesNotContainKey("apikey");

        // bytes that are not UTF-8: refused as REST refuses them (the JMS door's charset rule)
        byte[] latin1 = request(destination(4, 2)).replace("hello", "hellö").getBytes(StandardCharsets.ISO_8859_1);
        producer.publish(topic, latin1, properties("latin1-" + UUID.randomUUID()), null, null);
        dead = producer.next(Duration.ofSeconds(20));
        assertThat(dead).as("dead letter of the ISO-8859-1 payload").isNotNull();
        assertThat(dead.userProperties()).containsEntry("code", "INVALID_BODY");

        Thread.sleep(500);
        assertThat(calls(4)).isEmpty();
    }

    @Test
    void aRequestOverTheSizeLimitIsDeadLetteredAsPayloadTooLarge() throws Exception {
        String padded = "{\"templateId\":\"hello\",\"destination\":\"" + destination(5, 1) + "\",\"params\":{\"name\":\""
                + "x".repeat(70_000) + "\"}}";
        producer.publish(topic, padded, properties("big-" + UUID.randomUUID()));
        MqttTestClient.Received dead = producer.next(Duration.ofSeconds(20));
        assertThat(dead).isNotNull();
        assertThat(dead.userProperties()).containsEntry("code", "PAYLOAD_TOO_LARGE").containsEntry("statusCode", "413");
        assertThat(calls(5)).isEmpty();
    }

    @Test
    void theResponseTopicGetsTheEnvelopeWithTheCorrelationData() throws Exception {
        String replies = topic + "/replies/" + UUID.randomUUID();
        try (MqttTestClient caller = new MqttTestClient(Mosquitto.SHARED_URL)) {
            caller.subscribe(replies);
            byte[] correlation = "req-42".getBytes(StandardCharsets.UTF_8);
            caller.publish(topic, request(destination(6, 1)).getBytes(StandardCharsets.UTF_8),
                    properties("reply-" + UUID.randomUUID()), replies, correlation);
            MqttTestClient.Received reply = caller.next(Duration.ofSeconds(20));
            assertThat(reply).isNotNull();
            JsonNode envelope = JSON.readTree(reply.payload());
            assertThat(envelope.get("code").asText()).isEqualTo("SUCCESS");
            assertThat(envelope.get("notificationId").asText()).isNotBlank();
            assertThat(reply.correlationData()).isEqualTo(correlation);
        }
        assertThat(calls(6)).hasSize(1);
    }

    /** The README's producer example: mosquitto_pub, MQTT 5 user properties. */
    @Test
    void mosquittoPubWithUserPropertiesIsAProducer() throws Exception {
        Path mosquittoPub = Path.of("/usr/bin/mosquitto_pub");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(mosquittoPub), "mosquitto_pub is not installed");
        for (int i = 0; i < 2; i++) {   // the same idempotencyKey twice: one send
            Process pub = new ProcessBuilder(mosquittoPub.toString(), "-V", "mqttv5", "-h", "127.0.0.1", "-p", "1883",
                    "-q", "1", "-t", topic,
                    "-D", "publish", "user-property", "websiteId", WEBSITE,
                    "-D", "publish", "user-property", "apikey", apiKey,
                    "-D", "publish", "user-property", "idempotencyKey", "mosquitto-pub-order-1",
                    "-m", request(destination(7, 1))).redirectErrorStream(true).start();
            assertThat(pub.waitFor()).as(new String(pub.getInputStream().readAllBytes())).isZero();
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> calls(7).size() >= 1);
        Thread.sleep(1_500);
        assertThat(calls(7)).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    static String destination(int test, int i) {
        return String.format("549%d%08d", test, i);
    }

    static String request(String destination) {
        return "{\"templateId\":\"hello\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"Ana\"}}";
    }

    private static Map<String, String> properties(String idempotencyKey) {
        return Map.of("websiteId", WEBSITE, "apikey", apiKey, "idempotencyKey", idempotencyKey);
    }

    /** The Cloud API calls for one test's destinations (549<test>...): another test's stragglers never count. */
    private static List<LoggedRequest> calls(int test) {
        String prefix = String.format("549%d", test);
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .filter(call -> destinationOf(call).startsWith(prefix)).toList();
    }

    private static Map<String, Long> perDestination(int test) {
        return calls(test).stream().map(MqttDoorTest::destinationOf)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double withoutIdentity() {
        Counter counter = gateway.context().getRegistry().findSingleByType(MeterRegistry.class)
                .find(MqttMessageIdentity.WITHOUT_IDENTITY).tag("channel", "mqtt").counter();
        return counter == null ? 0 : counter.count();
    }

    private static MqttDoorConnection connection() {
        return gateway.context().hasService(MqttDoorConnection.class);
    }
}
