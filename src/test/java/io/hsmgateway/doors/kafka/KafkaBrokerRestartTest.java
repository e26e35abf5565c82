package io.hsmgateway.doors.kafka;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.EmbeddedKafka;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka broker stopped in the middle of a burst and started again on the same port and log directory: the
 * door's health says so while it is away (readiness only), the door reconnects by itself, and every record is sent
 * once, none lost (a poll whose commit failed is consumed again and recognised).
 */
class KafkaBrokerRestartTest {

    private static final String TOPIC = "restart-test";
    private static final String GROUP = "restart-test-gateway";
    private static final String CHECK = KafkaBrokersHealthCheck.ID;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedKafka kafka;
    private WireMockServer cloudApi;
    private Gateway gateway;

    @AfterEach
    void tearDown() {
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

    @Test
    void theBrokerRestartedMidBurstIsDownMeanwhileAndNothingIsLostOrSentTwice() throws Exception {
        kafka = EmbeddedKafka.start("restart-test");
        kafka.createTopic(TOPIC, 3);
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.R\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.throttle.per-number", "40");   // the burst takes a while: the broker goes away mid-way
        properties.put("hsm.kafka.enabled", "true");
        properties.put("hsm.kafka.brokers", kafka.bootstrapServers());
        properties.put("hsm.kafka.topic", TOPIC);
        properties.put("hsm.kafka.group-id", GROUP);
        properties.put("hsm.kafka.redelivery-delay-ms", "200");
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("restart", "1", "token");
        gateway.template("restart", "hello",
                "{\"name\":\"hello\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        Health health = Health.of(properties);
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));

        int burst = 600;
        int beforeStop = 400;   // 10 s of work at 40/s: the broker stops with records in flight and uncommitted
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < beforeStop; i++) {
                KafkaClients.send(producer, TOPIC, "k" + i, KafkaDoorTest.request(destination(i), "Ana"), "restart", apiKey, null);
            }
            producer.flush();
            await().atMost(WAIT).until(() -> sent().size() >= 60);

            kafka.stop();
            System.out.printf("[KafkaBrokerRestartTest] broker stopped with %d sent%n", sent().size());
            await().atMost(WAIT).until(() -> health.state(CHECK).equals("DOWN"));
            assertThat(health.reason(CHECK)).startsWith("Kafka door cannot reach the brokers " + kafka.bootstrapServers());
            assertThat(health.status(Health.READY)).isEqualTo(503);
            assertThat(health.status(Health.LIVE)).isEqualTo(200);
            System.out.println("[KafkaBrokerRestartTest] broker away: consumer:door-kafka-source is "
                    + health.state("consumer:door-kafka-source") + ", " + CHECK + " is " + health.state(CHECK));
            // the rest of the burst, taken by the producer's client while the broker is away (it retries)
            for (int i = beforeStop; i < burst; i++) {
                KafkaClients.send(producer, TOPIC, "k" + i, KafkaDoorTest.request(destination(i), "Ana"), "restart", apiKey, null);
            }

            kafka.start();
            producer.flush();
        }
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
        await().atMost(Duration.ofSeconds(90)).until(() -> distinct() == burst);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> sent().size() == burst);
        Map<String, Long> perDestination = sent().stream()
                .collect(Collectors.groupingBy(KafkaDoorTest::destinationOf, Collectors.counting()));
        System.out.printf("[KafkaBrokerRestartTest] %d records, broker restarted mid-burst: %d sends, %d distinct, %d lost, %d twice%n",
                burst, sent().size(), perDestination.size(), burst - perDestination.size(),
                perDestination.values().stream().filter(n -> n > 1).count());
        assertThat(perDestination).hasSize(burst);
        assertThat(perDestination.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
        assertThat(health.status(Health.READY)).isEqualTo(200);
    }

    private List<LoggedRequest> sent() {
        return cloudApi.findAll(postRequestedFor(anyUrl()));
    }

    private long distinct() {
        return sent().stream().map(KafkaDoorTest::destinationOf).distinct().count();
    }

    private static String destination(int i) {
        return "54911077" + String.format("%04d", i);
    }
}
