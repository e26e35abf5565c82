package io.hsmgateway.doors.mqtt;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT door's broker restarted in the middle of a burst (a Mosquitto of the test's own, persistence on, stopped
 * with SIGTERM and started again): the door is not ready while the broker is away, reconnects by itself, and every
 * message is sent once: what it had not acknowledged is redelivered from its session, what the producer resent
 * (no PUBACK before the broker went) is the same idempotencyKey.
 */
class MqttBrokerRestartTest {

    private static final String CHECK = MqttBrokerHealthCheck.ID;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theBrokerRestartedMidBurstTheDoorIsNotReadyThenReconnectsAndNothingIsLostOrSentTwice() throws Exception {
        WireMockServer cloudApi = CloudApiStub.accepting();
        try (Mosquitto broker = Mosquitto.own(dir)) {
            String topic = Mosquitto.prefix() + "/notifications";
            Map<String, String> properties = Gateway.defaults(cloudApi);
            properties.put("hsm.jms.enabled", "false");
            properties.put("hsm.throttle.per-number", "0");
            properties.put("hsm.mqtt.enabled", "true");
            properties.put("hsm.mqtt.broker-url", broker.url());
            properties.put("hsm.mqtt.topic", topic);
            properties.put("hsm.mqtt.client-id", "hsm-test-restart-" + UUID.randomUUID());
            // a plain subscription: Mosquitto 2.0.11 does not restore shared subscriptions from its persistence
            // (README, MQTT), so what is published before the door subscribes again would find no subscriber
            properties.put("hsm.mqtt.shared-group", "");
            try (Gateway gateway = Gateway.start(properties)) {
                String apiKey = gateway.website("restart", "3099", "token");
                gateway.template("restart", "hello", CloudApiStub.TEXT_TEMPLATE);
                Health health = Health.of(properties);
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));

                int burst = 600;
                CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> {
                    try (MqttTestClient producer = new MqttTestClient(broker.url())) {
                        for (int i = 0; i < burst; i++) {
                            producer.publishUntilTaken(topic, MqttDoorTest.request(MqttDoorTest.destination(8, i)),
                                    Map.of("websiteId", "restart", "apikey", apiKey, "idempotencyKey", "r-" + i),
                                    Duration.ofSeconds(60));
                            if (i % 50 == 0) {
                                Thread.sleep(100);   // a burst that lasts long enough to be cut in the middle
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await().atMost(WAIT).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 150);
                broker.stop();
                int atStop = cloudApi.findAll(postRequestedFor(anyUrl())).size();
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("DOWN"));
                assertThat(health.status(Health.READY)).isEqualTo(503);
                assertThat(health.status(Health.LIVE)).isEqualTo(200);
                assertThat(health.reason(CHECK)).startsWith("MQTT door has no connection to its broker");
                Thread.sleep(2_000);
                broker.start();
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
                producing.get();
                try {
                    await().atMost(Duration.ofSeconds(60)).until(() -> perDestination(cloudApi).size() == burst);
                } finally {
                    System.out.printf("[MqttBrokerRestartTest] %d of %d destinations reached%n",
                            perDestination(cloudApi).size(), burst);
                }
                Thread.sleep(1_500);
                Map<String, Long> perDestination = perDestination(cloudApi);
                long twice = perDestination.values().stream().filter(n -> n > 1).count();
                System.out.printf("[MqttBrokerRestartTest] %d messages, broker stopped after %d calls: %d sent, %d lost,"
                        + " %d twice%n", burst, atStop, perDestination.size(), burst - perDestination.size(), twice);
                assertThat(perDestination).hasSize(burst);
                assertThat(twice).isZero();
                assertThat(health.status(Health.READY)).isEqualTo(200);
            }
        } finally {
            cloudApi.stop();
        }
    }

    @Test
    void theGatewayStartsWhileTheBrokerIsDownNotReadyUntilItConnects() throws Exception {
        WireMockServer cloudApi = CloudApiStub.accepting();
        try (Mosquitto broker = Mosquitto.own(dir)) {
            broker.stop();
            String topic = Mosquitto.prefix() + "/notifications";
            Map<String, String> properties = Gateway.defaults(cloudApi);
            properties.put("hsm.jms.enabled", "false");
            properties.put("hsm.mqtt.enabled", "true");
            properties.put("hsm.mqtt.broker-url", broker.url());
            properties.put("hsm.mqtt.topic", topic);
            properties.put("hsm.mqtt.client-id", "hsm-test-late-" + UUID.randomUUID());
            properties.put("hsm.mqtt.password", "broker-secret");
            properties.put("hsm.mqtt.username", "gateway");
            try (Gateway gateway = Gateway.start(properties)) {
                String apiKey = gateway.website("late", "3098", "token");
                gateway.template("late", "hello", CloudApiStub.TEXT_TEMPLATE);
                Health health = Health.of(properties);
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("DOWN"));
                assertThat(health.status(Health.READY)).isEqualTo(503);
                assertThat(health.status(Health.LIVE)).isEqualTo(200);
                assertThat(health.get(Health.EVERYTHING).body()).doesNotContain("broker-secret");

                broker.start();
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
                try (MqttTestClient producer = new MqttTestClient(broker.url())) {
                    producer.publish(topic, MqttDoorTest.request(MqttDoorTest.destination(9, 1)),
                            Map.of("websiteId", "late", "apikey", apiKey, "idempotencyKey", "late-1"));
                }
                await().atMost(WAIT).until(() -> perDestination(cloudApi).size() == 1);
            }
        } finally {
            cloudApi.stop();
        }
    }

    private static Map<String, Long> perDestination(WireMockServer cloudApi) {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream().map(MqttDoorTest::destinationOf)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }
}
