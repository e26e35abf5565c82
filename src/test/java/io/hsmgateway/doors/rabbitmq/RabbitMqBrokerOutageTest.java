package io.hsmgateway.doors.rabbitmq;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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
 * listener container has reconnected, a gateway started while the broker is away that serves and then consumes
 * once it answers, and no message lost or sent twice across a broker restart mid-burst.
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

        // the broker closes the door's connection and refuses it back until admitted: the door reconnects at once
        // otherwise, sometimes before rabbitmqctl returns (CI once polled for DOWN after the door was back)
        vhost.refuseConnections();
        try {
            vhost.closeAllConnections();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> health.state(CHECK).equals("DOWN"));
            assertThat(health.reason(CHECK)).startsWith("RabbitMQ door has no connection to the broker and is reconnecting: ");
            assertThat(health.status(Health.LIVE)).isEqualTo(200);
            Thread.sleep(1_000);
            assertThat(health.state(CHECK)).as("still refused by the broker").isEqualTo("DOWN");
        } finally {
            vhost.admitConnections();
        }
        await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
        publish(0, 1);
        await().atMost(WAIT).until(() -> received(0) == 1);
    }

    /**
     * RabbitMQ away when the gateway starts (a port that refuses connections): the gateway starts and serves REST,
     * readiness DOWN naming rabbitmq-broker (liveness UP); once the port forwards to the broker, the door connects,
     * declares its queue and exchanges on its own, and consumes. One WARN when it could not connect, one INFO when it did.
     */
    @Test
    void aGatewayStartsWhileItsBrokerIsAwayAndItsDoorConsumesOnceTheBrokerAnswers() throws Exception {
        LogCapture doorLog = LogCapture.ofLoggers(RabbitMqDeclarations.class.getName(), RabbitMqConsumerRetryLog.CONTAINER_LOGGER);
        int brokerPort = Gateway.freePort();
        Map<String, String> away = Gateway.defaults(cloudApi);
        away.put("hsm.jms.enabled", "false");
        away.put("hsm.throttle.per-number", "0");
        List<String> logged;
        TcpForwarder broker = null;
        try (RabbitMqVhost lateVhost = RabbitMqVhost.create("hsm-late-broker-test")) {
            lateVhost.configure(away);
            away.put("hsm.rabbitmq.port", String.valueOf(brokerPort));
            long started = System.nanoTime();
            try (Gateway late = Gateway.start(away)) {
                Health lateHealth = Health.of(away);
                String lateKey = late.website("late", "1099", "token-late");
                late.template("late", "7", CloudApiStub.TEXT_TEMPLATE);
                int rest = late.notify("late", lateKey, body(destination(2, 0))).statusCode();
                await().atMost(WAIT).until(() -> received(2) == 1);
                assertThat(rest).isEqualTo(200);
                // the other doors' checks are UP after their first poll; the RabbitMQ door's stays DOWN
                await().atMost(WAIT).until(() -> down(lateHealth, Health.READY).equals(List.of(CHECK)));
                assertThat(lateHealth.status(Health.READY)).isEqualTo(503);
                assertThat(down(lateHealth, Health.LIVE)).isEmpty();
                assertThat(lateHealth.reason(CHECK)).contains("Connection refused");
                assertThat(lateHealth.status(Health.LIVE)).isEqualTo(200);
                System.out.printf("[RabbitMqBrokerOutageTest] broker away at start: REST %d, readiness %d (DOWN: %s: %s), liveness %d%n",
                        rest, lateHealth.status(Health.READY), CHECK, lateHealth.reason(CHECK), lateHealth.status(Health.LIVE));

                // long enough for the listener container to have retried (every 5 s) more than once
                Thread.sleep(Math.max(0, 12_000 - Duration.ofNanos(System.nanoTime() - started).toMillis()));
                broker = TcpForwarder.start(brokerPort, RabbitMqVhost.HOST, RabbitMqVhost.PORT);
                // readiness UP means the queue and exchanges are declared: published at once, nothing is unroutable
                await().atMost(WAIT).until(() -> lateHealth.state(CHECK).equals("UP"));
                publish(lateVhost, "late", lateKey, 2, 1, 2);
                await().atMost(WAIT).until(() -> received(2) == 3);
                assertThat(lateHealth.status(Health.READY)).isEqualTo(200);
                System.out.printf("[RabbitMqBrokerOutageTest] broker answering: readiness %d, %d published -> %d sent%n",
                        lateHealth.status(Health.READY), 2, received(2) - 1);
                // what the door said from its start to its first messages (not its shutdown below)
                logged = doorLog.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
                        .filter(e -> e.getLevel() != Level.INFO || e.getLoggerName().equals(RabbitMqDeclarations.class.getName()))
                        .map(e -> e.getLevel() + " " + e.getFormattedMessage()).toList();
            }
        } finally {
            doorLog.close();
            if (broker != null) {
                broker.close();
            }
        }
        logged.forEach(line -> System.out.println("[RabbitMqBrokerOutageTest] logged: " + line));
        assertThat(logged).hasSize(2);
        assertThat(logged.get(0)).startsWith("WARN RabbitMQ door: the broker 127.0.0.1:" + brokerPort).contains("does not answer");
        assertThat(logged.get(1)).startsWith("INFO RabbitMQ door: the broker 127.0.0.1:" + brokerPort).contains("answers");
    }

    /** A broker that answers but refuses the door's queue (one of that name exists with other arguments): no start, naming it. */
    @Test
    void aBrokerThatRefusesTheDoorsQueueStopsTheStart() throws Exception {
        try (RabbitMqVhost other = RabbitMqVhost.create("hsm-refused-queue-test")) {
            try (Connection connection = other.producers().newConnection()) {
                connection.createChannel().queueDeclare("hsm.notifications", false, false, false, null);
            }
            Map<String, String> refused = Gateway.defaults(cloudApi);
            refused.put("hsm.jms.enabled", "false");
            other.configure(refused);
            assertThatThrownBy(() -> Gateway.start(refused).close())
                    .satisfies(e -> assertThat(causes(e)).contains("PRECONDITION_FAILED").contains("hsm.notifications"));
        }
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

    static List<String> down(Health of, String path) throws Exception {
        return of.checks(path).filter(c -> c.path("status").asText().equals("DOWN")).map(c -> c.path("name").asText()).toList();
    }

    static void publish(int group, int count) throws Exception {
        publish(vhost, "outage", apiKey, group, 0, count);
    }

    /** Messages with a message_id each (persistent, confirmed by the broker), numbered from {@code first}. */
    static void publish(RabbitMqVhost to, String websiteId, String key, int group, int first, int count) throws Exception {
        try (Connection connection = to.producers().newConnection()) {
            Channel channel = connection.createChannel();
            channel.confirmSelect();
            for (int i = first; i < first + count; i++) {
                channel.basicPublish("hsm.notifications", "hsm.notifications", MessageProperties.PERSISTENT_BASIC.builder()
                        .messageId("outage-" + group + "-" + i).headers(Map.of("websiteId", websiteId, "apikey", key)).build(),
                        body(destination(group, i)).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
    }

    static String body(String destination) {
        return "{\"templateId\":\"7\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"Ana\"}}";
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
