package io.hsmgateway.doors.rabbitmq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The RabbitMQ door while its broker goes away: its health check DOWN (readiness, not liveness) until the
 * listener container has reconnected, and no message lost or sent twice across a broker restart mid-burst.
 */
class RabbitMqBrokerOutageTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHECK = RabbitMqBrokerHealthCheck.ID;
    static final Duration WAIT = Duration.ofSeconds(30);

    static RabbitMqVhost vhost;
    static WireMockServer cloudApi;
    static Map<String, String> properties;
    static Gateway gateway;
    static Health health;
    static String apiKey;

    @BeforeAll
    static void start() throws Exception {
        vhost = RabbitMqVhost.create("hsm-outage-test");
        cloudApi = CloudApiStub.accepting();
        properties = Gateway.defaults(cloudApi);
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.throttle.per-number", "0");
        vhost.configure(properties);
        gateway = Gateway.start(properties);
        apiKey = gateway.website("outage", "1088", "token-outage");
        gateway.template("outage", "7", CloudApiStub.TEXT_TEMPLATE);
        health = Health.of(properties);
    }

    @AfterAll
    static void stop() {
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
    void connectionsClosedByTheBrokerAreDownUntilTheDoorHasReconnected() throws Exception {
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));

        vhost.closeAllConnections();

        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> health.state(CHECK).equals("DOWN"));
        assertThat(health.reason(CHECK)).startsWith("RabbitMQ door has no connection to the broker and is reconnecting: ");
        assertThat(health.status(Health.LIVE)).isEqualTo(200);
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
        publish(0, 1);
        await().atMost(WAIT).until(() -> received(0) == 1);
    }

    /** At start-up the door declares its queue and exchanges: a broker that does not answer stops the gateway, naming it. */
    @Test
    void aGatewayWhoseBrokerDoesNotAnswerDoesNotStart() throws Exception {
        Map<String, String> nowhere = Gateway.defaults(cloudApi);
        nowhere.put("hsm.jms.enabled", "false");
        vhost.configure(nowhere);
        nowhere.put("hsm.rabbitmq.port", String.valueOf(Gateway.freePort()));
        assertThatThrownBy(() -> Gateway.start(nowhere).close())
                .satisfies(e -> assertThat(causes(e)).contains("Connection refused"));
    }

    static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t).append('\n');
        }
        return all.toString();
    }

    /**
     * A real restart of the machine's RabbitMQ (stop_app, start_app): kept to a few seconds, and always started again
     * (no other test on this machine uses RabbitMQ). Durable queue, persistent messages: they survive it.
     */
    @Test
    void aBrokerRestartMidBurstLosesNothingAndSendsNothingTwice() throws Exception {
        // 16 consumers x 50 ms: at most about 320/s, so the restart comes mid-burst
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(50)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.o\"}]}")));
        int burst = 2000;
        publish(1, burst);
        await().atMost(WAIT).until(() -> received(1) >= 100);

        String stopped = RabbitMqVhost.rabbitmqctl("stop_app");
        long atStop = received(1);
        try {
            Assumptions.assumeTrue(stopped == null, () -> "could not stop RabbitMQ (" + stopped + "): skipped");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> health.state(CHECK).equals("DOWN"));
            assertThat(health.status(Health.READY)).isEqualTo(503);
        } finally {
            String started = RabbitMqVhost.rabbitmqctl("start_app");
            RabbitMqVhost.rabbitmqctl("await_startup");
            assertThat(started).as("RabbitMQ started again").isNull();
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> received(1) >= burst);
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
        Map<String, Long> perDestination = perDestination(1);
        long twice = perDestination.values().stream().filter(n -> n > 1).count();
        System.out.printf("[RabbitMqBrokerOutageTest] %d-message burst, broker stopped after %d sends and started again:"
                + " %d distinct sent, %d twice, %d lost%n", burst, atStop, perDestination.size(), twice, burst - perDestination.size());
        assertThat(perDestination).hasSize(burst);
        assertThat(twice).isZero();
        try (Connection connection = vhost.producers().newConnection()) {
            Channel channel = connection.createChannel();
            await().atMost(WAIT).until(() -> channel.messageCount("hsm.notifications") == 0);
            assertThat(channel.messageCount("hsm.notifications.dead-letters")).isZero();
        }
    }

    /** Messages with a message_id each (persistent, confirmed by the broker). */
    static void publish(int group, int count) throws Exception {
        try (Connection connection = vhost.producers().newConnection()) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            for (int i = 0; i < count; i++) {
                String body = "{\"templateId\":\"7\",\"destination\":\"" + destination(group, i) + "\",\"params\":{\"name\":\"Ana\"}}";
                channel.basicPublish("hsm.notifications", "hsm.notifications", MessageProperties.PERSISTENT_BASIC.builder()
                        .messageId("outage-" + group + "-" + i).headers(Map.of("websiteId", "outage", "apikey", apiKey)).build(),
                        body.getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    static String destination(int group, int i) {
        return String.format("54922%02d%05d", group, i);
    }

    static long received(int group) {
        return perDestination(group).values().stream().mapToLong(Long::longValue).sum();
    }

    static Map<String, Long> perDestination(int group) {
        String prefix = String.format("54922%02d", group);
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .map(r -> {
                    try {
                        return JSON.readTree(r.getBodyAsString()).path("to").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(to -> to.startsWith(prefix))
                .collect(Collectors.groupingBy(to -> to, Collectors.counting()));
    }
}
