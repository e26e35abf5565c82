package io.hsmgateway.doors.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The MQTT door with gateways in processes of their own (support/GatewayProcess), on the machine's Mosquitto:
 * one killed with SIGKILL in the middle of a burst and started again (the same client id, so the same session),
 * and two nodes sharing the topic through one shared subscription.
 */
class MqttDoorProcessesTest {
    /** Messages worked on side by side: no more than this many can be in doubt after a kill. */
    private static final int CONSUMERS = 16;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "{\"messages\":[{\"id\":\"wamid.m\"}]}";
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path dir;
    WireMockServer cloudApi;
    Map<String, String> properties;
    String topic;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() {
        Mosquitto.assumeShared();
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        // calls that take a while, so that the kill finds some in flight
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
        topic = Mosquitto.prefix() + "/notifications";
        properties = new HashMap<>();
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.delivery.stale-after-seconds", "3");
        properties.put("hsm.mqtt.enabled", "true");
        properties.put("hsm.mqtt.broker-url", Mosquitto.SHARED_URL);
        properties.put("hsm.mqtt.topic", topic);
        properties.put("hsm.mqtt.shared-group", "g" + UUID.randomUUID().toString().replace("-", ""));
        properties.put("hsm.mqtt.concurrent-consumers", String.valueOf(CONSUMERS));
        properties.put("hsm.mqtt.session-expiry-seconds", "30");
    }

    @AfterEach
    void tearDown() {
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Test
    void aGatewayKilledMidBurstAndRestartedLosesNothingAndSendsNothingTwice() throws Exception {
        properties.put("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        properties.put("hsm.secrets.key-file", dir.resolve("secrets.key").toString());
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.http.port", String.valueOf(Gateway.freePort()));
        // the restarted process connects as the same client, so the broker gives it the session it left
        properties.put("hsm.mqtt.client-id", "hsm-test-crash-" + UUID.randomUUID());
        int burst = 500;
        Path log = Path.of("target", "mqtt-crash-gateway.log");
        try (GatewayProcess gateway = GatewayProcess.start(properties, log, STARTUP)) {
            String apiKey = seed(gateway.port());
            try (MqttTestClient producer = new MqttTestClient(Mosquitto.SHARED_URL)) {
                for (int i = 0; i < burst; i++) {
                    producer.publish(topic, MqttDoorTest.request(destination(1, i)),
                            Map.of("websiteId", "crash", "apikey", apiKey, "idempotencyKey", "crash-" + i));
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> calls() >= 150);
            gateway.kill();
        }
        int atKill = calls();
        try (GatewayProcess restarted = GatewayProcess.start(properties, log, STARTUP)) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    pagedCount(restarted.port(), "SENT") + pagedCount(restarted.port(), "UNKNOWN") == burst);
            Thread.sleep(1_000);
            Map<String, Long> perDestination = perDestination();
            long sent = pagedCount(restarted.port(), "SENT");
            long unknown = pagedCount(restarted.port(), "UNKNOWN");
            long twice = perDestination.values().stream().filter(n -> n > 1).count();
            System.out.printf("[MqttDoorProcessesTest] %d-message MQTT burst, SIGKILL after %d calls: received %d "
                            + "distinct, %d twice, SENT %d, UNKNOWN (in doubt) %d, lost %d%n", burst, atKill,
                    perDestination.size(), twice, sent, unknown, burst - sent - unknown);
            assertThat(twice).isZero();
            // nothing lost: every message sent, or in doubt because its call had begun at the kill
            assertThat(sent + unknown).isEqualTo(burst);
            assertThat((long) perDestination.size()).isBetween(sent, sent + unknown);
            // in doubt: no more than the calls in flight at the kill (hsm.mqtt.concurrent-consumers)
            assertThat(unknown).isLessThanOrEqualTo(CONSUMERS);
            if (unknown > 0) {
                System.out.println("[MqttDoorProcessesTest] in doubt: " + JSON.readTree(admin(restarted.port(), "GET",
                        "/admin/notifications?websiteId=crash&status=UNKNOWN&limit=50", null).body()).findValuesAsText("id"));
            }
        }
    }

    @Test
    void twoNodesWithOneSharedSubscriptionSplitTheTopic() throws Exception {
        Postgres postgres = Postgres.freshSchema(); // skips the test, with the reason, when PostgreSQL is down
        properties.putAll(postgres.properties());
        Map<String, String> nodeA = node("a");
        Map<String, String> nodeB = node("b");
        CompletableFuture<GatewayProcess> startingB = CompletableFuture.supplyAsync(() -> start(nodeB, "b"));
        try (GatewayProcess a = start(nodeA, "a"); GatewayProcess b = startingB.join()) {
            String apiKey = seed(a.port());
            int burst = 1000;
            try (MqttTestClient producer = new MqttTestClient(Mosquitto.SHARED_URL)) {
                for (int i = 0; i < burst; i++) {
                    producer.publish(topic, MqttDoorTest.request(destination(2, i)),
                            Map.of("websiteId", "crash", "apikey", apiKey, "idempotencyKey", "split-" + i));
                }
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> perDestination().size() == burst);
            Thread.sleep(1_000);
            double byA = mqttNotifications(nodeA);
            double byB = mqttNotifications(nodeB);
            long twice = perDestination().values().stream().filter(n -> n > 1).count();
            System.out.printf("[MqttDoorProcessesTest] two nodes, one shared subscription, %d messages: node A %.0f, "
                    + "node B %.0f, Cloud API calls %d, twice %d%n", burst, byA, byB, calls(), twice);
            assertThat(byA + byB).isEqualTo(burst);
            assertThat(byA).isPositive();
            assertThat(byB).isPositive();
            assertThat(calls()).isEqualTo(burst);
            assertThat(twice).isZero();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> node(String name) throws Exception {
        Map<String, String> node = new HashMap<>(properties);
        node.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        node.put("hsm.http.port", String.valueOf(Gateway.freePort()));
        node.put("hsm.mqtt.client-id", "hsm-test-node-" + name + "-" + UUID.randomUUID());
        return node;
    }

    private static GatewayProcess start(Map<String, String> properties, String name) {
        try {
            return GatewayProcess.start(properties, Path.of("target", "mqtt-node-" + name + ".log"), STARTUP);
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start (target/mqtt-node-" + name + ".log)", e);
        }
    }

    /** hsm_notifications_total{channel="mqtt"} of one node, summed over its codes. */
    private double mqttNotifications(Map<String, String> node) throws Exception {
        String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.get("hsm.management.port")
                + "/observe/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher line = Pattern.compile("(?m)^hsm_notifications_total\\{[^}]*channel=\"mqtt\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        double total = 0;
        while (line.find()) {
            total += Double.parseDouble(line.group(1));
        }
        return total;
    }

    static String destination(int test, int i) {
        return String.format("5481%d%07d", test, i);
    }

    private int calls() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).size();
    }

    private Map<String, Long> perDestination() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream().map(MqttDoorTest::destinationOf)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private String seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/crash", "{\"name\":\"c\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        admin(port, "PUT", "/admin/websites/crash/templates/hello",
                "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        return JSON.readTree(admin(port, "POST", "/admin/websites/crash/apikeys", null).body()).get("apikey").asText();
    }

    private long pagedCount(int port, String status) throws Exception {
        long total = 0;
        for (int offset = 0; ; offset += 500) {
            int page = JSON.readTree(admin(port, "GET", "/admin/notifications?websiteId=crash&status=" + status
                    + "&limit=500&offset=" + offset, null).body()).size();
            total += page;
            if (page < 500) {
                return total;
            }
        }
    }

    private HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
