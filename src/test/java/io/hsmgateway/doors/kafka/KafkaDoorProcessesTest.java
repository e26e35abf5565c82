package io.hsmgateway.doors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.EmbeddedKafka;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.Postgres;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka door in gateway processes of their own, fed by Apache Kafka's own producer: a node killed with SIGKILL
 * mid-burst and started again, and two nodes in one consumer group sharing the topic's partitions. The Cloud API
 * stub's received list is the proof: every record sent once, or in doubt (UNKNOWN, reported with its notification
 * id) only if its call had begun at the kill.
 */
class KafkaDoorProcessesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OK = "{\"messages\":[{\"id\":\"wamid.p\"}]}";
    static final String TOPIC = "hsm.notifications";
    static final int WORKERS = 16;

    @TempDir
    Path dir;
    EmbeddedKafka kafka;
    WireMockServer cloudApi;
    final List<GatewayProcess> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();
    String apiKey;

    @BeforeEach
    void setUp() throws Exception {
        kafka = EmbeddedKafka.start("processes");
        kafka.createTopic(TOPIC, 4);
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (GatewayProcess process : processes) {
            process.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aBurstKilledHalfwayEndsWithEveryRecordSentOnceOrReportedInDoubt() throws Exception {
        Map<String, String> properties = node("node", Map.of(
                "hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0",
                "hsm.secrets.key-file", dir.resolve("secrets.key").toString()));
        properties.put("hsm.throttle.per-number", "80");  // records wait for their turn, as with a real number
        int burst = 400;
        GatewayProcess gateway = start(properties, "crash");
        seed(gateway.port());
        produce(burst);
        await().atMost(Duration.ofSeconds(60)).until(() -> sent().size() >= 100);
        gateway.kill();
        int atKill = sent().size();

        GatewayProcess restarted = start(properties, "crash-restarted");
        await().atMost(Duration.ofSeconds(120)).until(() ->
                pagedCount(restarted.port(), "SENT") + pagedCount(restarted.port(), "UNKNOWN") == burst);
        Map<String, Long> perDestination = perDestination(sent());
        long sent = pagedCount(restarted.port(), "SENT");
        List<String> unknown = notificationIds(restarted.port(), "UNKNOWN");
        System.out.printf("[KafkaDoorProcessesTest] %d-record Kafka burst, SIGKILL after %d sends: received %d (%d distinct,"
                        + " %d twice), SENT %d, UNKNOWN %d %s, lost %d%n", burst, atKill, sent().size(), perDestination.size(),
                perDestination.values().stream().filter(n -> n > 1).count(), sent, unknown.size(), unknown,
                burst - sent - unknown.size());
        assertThat(perDestination.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        // nothing lost: every record sent, or in doubt because its call had begun at the kill
        assertThat(sent + unknown.size()).isEqualTo(burst);
        assertThat((long) perDestination.size()).isBetween(sent, sent + unknown.size());
        assertThat(unknown.size()).isLessThanOrEqualTo(WORKERS); // the calls in flight at the kill
    }

    @Test
    void twoNodesInOneGroupShareThePartitionsAndSendEveryRecordOnce() throws Exception {
        Map<String, String> database = Postgres.freshSchema().properties(); // skips, saying why, without PostgreSQL
        Map<String, String> nodeA = node("node-a", database);
        Map<String, String> nodeB = node("node-b", database);
        var startingB = java.util.concurrent.CompletableFuture.supplyAsync(() -> start(nodeB, "node-b"));
        GatewayProcess a = start(nodeA, "node-a");
        startingB.join();
        seed(a.port());
        // both nodes in the group and the rebalance over (each holding partitions): a member that has only joined
        // leaves the other node all partitions until the group is stable again, and it may take the whole burst
        try (var admin = kafka.admin()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                var group = admin.describeConsumerGroups(List.of("hsm-gateway")).all().get(10, TimeUnit.SECONDS)
                        .get("hsm-gateway");
                return group.state() == org.apache.kafka.common.ConsumerGroupState.STABLE && group.members().size() == 2
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
        int burst = 400;
        produce(burst);

        await().atMost(Duration.ofSeconds(90)).until(() -> perDestination(sent()).size() == burst);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> sent().size() == burst);
        Map<String, Long> byNode = sent().stream().collect(Collectors.groupingBy(r -> r.getUrl().split("/")[1],
                TreeMap::new, Collectors.counting()));
        Map<String, Long> perDestination = perDestination(sent());
        System.out.printf("[KafkaDoorProcessesTest] %d records, two nodes in one group: %s, %d distinct, %d twice%n",
                burst, byNode, perDestination.size(), perDestination.values().stream().filter(n -> n > 1).count());
        assertThat(byNode).containsOnlyKeys("node-a", "node-b");
        assertThat(byNode.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(perDestination).hasSize(burst);
        assertThat(perDestination.values()).allSatisfy(n -> assertThat(n).isEqualTo(1));
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, String> node(String name, Map<String, String> database) throws Exception {
        // the Kafka client file an operator would write: here, a dead node's partitions move on after 6 s, not 45
        Path clientConfig = dir.resolve("client-" + name + ".properties");
        Files.writeString(clientConfig, "session.timeout.ms=6000\nheartbeat.interval.ms=1000\n");
        Map<String, String> properties = new HashMap<>(database);
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl() + "/" + name);
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.delivery.poll-ms", "200");
        properties.put("hsm.delivery.backoff-initial-ms", "200");
        properties.put("hsm.delivery.stale-after-seconds", "3");
        properties.put("hsm.kafka.enabled", "true");
        properties.put("hsm.kafka.brokers", kafka.bootstrapServers());
        properties.put("hsm.kafka.workers", String.valueOf(WORKERS));
        properties.put("hsm.kafka.redelivery-delay-ms", "500");
        properties.put("hsm.kafka.client-config", clientConfig.toString());
        return properties;
    }

    private GatewayProcess start(Map<String, String> properties, String name) {
        try {
            GatewayProcess process = GatewayProcess.start(properties, Path.of("target", "kafka-" + name + ".log"),
                    Duration.ofSeconds(120));
            synchronized (processes) {
                processes.add(process);
            }
            return process;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void produce(int records) throws Exception {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < records; i++) {
                KafkaClients.send(producer, TOPIC, "k" + i,
                        "{\"templateId\":\"7\",\"destination\":\"" + destination(i) + "\",\"params\":{}}", "crash", apiKey, null);
            }
        }
    }

    private List<LoggedRequest> sent() {
        return cloudApi.findAll(postRequestedFor(anyUrl()));
    }

    private static Map<String, Long> perDestination(List<LoggedRequest> requests) {
        return requests.stream().collect(Collectors.groupingBy(KafkaDoorTest::destinationOf, Collectors.counting()));
    }

    static String destination(int i) {
        return "542994843" + String.format("%03d", i);
    }

    void seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/crash", "{\"name\":\"c\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        admin(port, "PUT", "/admin/websites/crash/templates/7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        apiKey = JSON.readTree(admin(port, "POST", "/admin/websites/crash/apikeys", null).body()).get("apikey").asText();
    }

    long pagedCount(int port, String status) throws Exception {
        return notificationIds(port, status).size();
    }

    List<String> notificationIds(int port, String status) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int offset = 0; ; offset += 500) {
            JsonNode page = JSON.readTree(admin(port, "GET", "/admin/notifications?websiteId=crash&status=" + status
                    + "&limit=500&offset=" + offset, null).body());
            page.forEach(n -> ids.add(n.path("id").asText(n.path("notificationId").asText())));
            if (page.size() < 500) {
                return ids;
            }
        }
    }

    HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
