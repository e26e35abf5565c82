package io.hsmgateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Signatures;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.MetaWebhooks;
import io.hsmgateway.support.Postgres;
import io.hsmgateway.webhooks.WhatsAppWebhook;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The scale-out shape, run for real: two gateway processes on one PostgreSQL database and one external ActiveMQ
 * Artemis broker, WireMock as the Cloud API recording every message. A burst comes in by the three doors of both
 * nodes (REST with an Idempotency-Key per request, JMS from a Qpid JMS AMQP client, a CSV file in each node's drop
 * folder), and node B is killed with SIGKILL in the middle of it. Clients whose request died with B retry on A with
 * the same key, the broker hands A what B held, and B is started again to finish the file it held. Then, event by
 * event, against what the Cloud API received: none sent twice, and each one sent once or recorded UNKNOWN (it was
 * at the Cloud API when B died: the gateway never resends such a message blindly); none silently missing.
 * <p>
 * Each node delivers to its own path prefix of the Cloud API stub ({@code /node-a}, {@code /node-b}), so the
 * journal says which node sent what; each event has a destination of its own (door digit + number), which the
 * journal, the status records and the reports all carry.
 * <p>
 * The drop folders: one per node here; B's file is finished by B restarted, once B's old lock on it has expired
 * (hsm.inbox.lock-expires-ms). One folder shared by every node, each file taken by one node and a dead node's file
 * taken over by another, is doors/file/SharedDropFolderPostgresTest's (Camel's marker files, used before, could
 * not do it: a dead node's marker stayed, and a starting node deleted every marker, also a live node's).
 * <p>
 * A JMS message the dead node held is redelivered to the other node. One the dead node never handed to the Cloud API
 * is sent by the other (its claim taken over once B's lease lapsed); one whose call had begun is answered in doubt
 * (PROVIDER_TIMEOUT, its notification UNKNOWN) and dead-lettered with the first notification's id: such dead
 * letters are expected here (no more than B's calls in flight at the kill), and nothing else is dead-lettered.
 */
class TwoNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBSITE = "shop";
    private static final String APP_SECRET = "two-nodes-app-secret";
    private static final String TEMPLATE = "7";
    private static final int REST_EVENTS = 60;
    private static final int JMS_EVENTS = 60;
    private static final int FILE_RECORDS_PER_NODE = 30;
    /** Requests the REST clients have open at once, on both nodes together. */
    private static final int REST_CLIENTS = 6;
    /** B is killed once the Cloud API has received this many records of its file: mid-burst, with more on the way. */
    private static final int KILL_AFTER_B_SENT = 6;
    private static final Duration GENEROUS = Duration.ofSeconds(60);
    /** Three JVMs starting at once on a busy 2-core machine: a gateway may take well over its usual start-up. */
    private static final Duration STARTUP = Duration.ofSeconds(150);

    @TempDir
    Path dir;
    private WireMockServer cloudApi;
    private ExternalBroker broker;
    /** hsm.db.* of the shared database */
    private Map<String, String> database;
    private final List<GatewayProcess> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() throws Exception {
        for (GatewayProcess process : processes) {
            process.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aNodeKilledMidBurstLosesNothingAndNothingIsSentTwice() throws Exception {
        long started = System.nanoTime();
        Postgres postgres = Postgres.freshSchema(); // skips the test, with the reason, when PostgreSQL is down
        database = postgres.properties();
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").templatingEnabled(true)
                .globalTemplating(false));
        cloudApi.start();
        // the message id names the destination; B's calls are slow, so that B dies with work in flight at every door:
        // calls at the Cloud API, REST callers waiting, JMS messages taken, a file half done
        cloudApi.stubFor(post(anyUrl()).atPriority(5).willReturn(accepted().withUniformRandomDelay(100, 400)));
        cloudApi.stubFor(post(urlPathMatching("/node-b/.*")).atPriority(1).willReturn(accepted().withUniformRandomDelay(1000, 2500)));
        broker = new ExternalBroker(Files.createDirectories(dir.resolve("broker")), Gateway.freePort()).start();

        Path inboxA = Files.createDirectories(dir.resolve("inbox-a"));
        Path inboxB = Files.createDirectories(dir.resolve("inbox-b"));
        Map<String, String> nodeA = node("node-a", inboxA);
        Map<String, String> nodeB = node("node-b", inboxB);
        // both at once, as an orchestrator starts them: Flyway migrates the shared schema once (PostgreSQL lock)
        CompletableFuture<GatewayProcess> startingB = CompletableFuture.supplyAsync(() -> start(nodeB, "b"));
        GatewayProcess a = start(nodeA, "a");
        GatewayProcess b = startingB.join();
        System.out.printf("two nodes up after %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());

        // set up through node A only: B finds the website, its key and template in the database
        String apiKey = seed(a.port());

        // ---------------------------------------------------------------- the burst
        Map<String, Event> events = new LinkedHashMap<>();
        for (int i = 0; i < REST_EVENTS; i++) {
            events.put(destination(Door.REST, i), new Event(Door.REST, destination(Door.REST, i)));
        }
        for (int i = 0; i < JMS_EVENTS; i++) {
            events.put(destination(Door.JMS, i), new Event(Door.JMS, destination(Door.JMS, i)));
        }
        for (int i = 0; i < 2 * FILE_RECORDS_PER_NODE; i++) {
            events.put(destination(Door.FILE, i), new Event(Door.FILE, destination(Door.FILE, i)));
        }
        // files: one per node, in its own drop folder (the supported shape: see the class comment)
        drop(inboxA, "a.csv", 0);
        drop(inboxB, "b.csv", FILE_RECORDS_PER_NODE);
        // JMS: sent by a producing system's own client (Qpid JMS, AMQP 1.0) to the shared broker; both nodes consume
        sendJms(apiKey);
        // REST: every request with its own Idempotency-Key, half of them to each node
        RestClients rest = new RestClients(apiKey, a.port(), b.port());
        ExecutorService clients = Executors.newFixedThreadPool(REST_CLIENTS);
        List<CompletableFuture<Void>> restCalls = new ArrayList<>();
        for (int i = 0; i < REST_EVENTS; i++) {
            int n = i;
            restCalls.add(CompletableFuture.runAsync(() -> rest.send(destination(Door.REST, n), n % 2 == 0), clients));
        }

        // ---------------------------------------------------------------- B dies mid-burst
        // (six records of B's file at the Cloud API: with four at a time, at least two are done and in the ledger)
        await().atMost(GENEROUS).until(() -> sentBy("node-b", Door.FILE) >= KILL_AFTER_B_SENT);
        b.kill();
        long killedAt = sent().size();
        Map<String, Long> byNodeAtKill = sent().stream().collect(Collectors.groupingBy(r -> r.getUrl().split("/")[1],
                TreeMap::new, Collectors.counting()));
        System.out.printf("node B killed (SIGKILL) with %d messages at the Cloud API so far %s%n", killedAt, byNodeAtKill);
        rest.nodeBDied();

        // B's file is in B's drop folder: only B can finish it, so B is started again (what an orchestrator's
        // restart policy does); meanwhile A takes B's REST clients and the broker hands A what B held
        GatewayProcess restartedB = start(nodeB, "b-restarted");

        CompletableFuture.allOf(restCalls.toArray(CompletableFuture[]::new)).get(GENEROUS.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        clients.shutdown();
        await().atMost(GENEROUS).until(() -> broker.messageCount(ExternalBroker.QUEUE) == 0);
        await().atMost(GENEROUS).until(() -> Files.exists(inboxA.resolve(WEBSITE).resolve(".done/a.csv.report.csv"))
                && Files.exists(inboxB.resolve(WEBSITE).resolve(".done/b.csv.report.csv")));
        // what B left PENDING when it died turns UNKNOWN after hsm.delivery.stale-after-seconds, on whichever node
        await().atMost(GENEROUS).until(() -> statuses().values().stream().flatMap(List::stream)
                .noneMatch(s -> s.equals("PENDING") || s.equals("SENDING") || s.equals("RETRYING")));

        // ---------------------------------------------------------------- webhooks on either node
        // a status for a message node A sent, POSTed by "Meta" to node B: B stores and applies it, A shows it
        String sentByA = sent().stream().filter(request -> request.getUrl().startsWith("/node-a/"))
                .map(TwoNodesTest::destinationOf).filter(d -> status().getOrDefault(d, List.of()).equals(List.of("SENT")))
                .findFirst().orElseThrow(() -> new AssertionError("node A sent nothing that is SENT"));
        String notificationId = notificationIdOf(sentByA);
        String webhook = MetaWebhooks.webhook(MetaWebhooks.status("wamid." + sentByA, "delivered",
                java.time.Instant.now().getEpochSecond()));
        HttpResponse<String> received = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restartedB.port()
                        + WhatsAppWebhook.PATH)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Signatures.sign(APP_SECRET, webhook))
                .POST(HttpRequest.BodyPublishers.ofString(webhook)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(received.statusCode()).as(received.body()).isEqualTo(200);
        await().atMost(GENEROUS).untilAsserted(() -> {
            JsonNode view = JSON.readTree(admin(a.port(), "GET", "/admin/notifications/" + notificationId, null).body());
            assertThat(view.get("status").asText()).isEqualTo("DELIVERED");
            assertThat(view.get("history").get(0).get("status").asText()).isEqualTo("DELIVERED");
        });

        // ---------------------------------------------------------------- the account
        Map<String, Long> perDestination = sent().stream()
                .collect(Collectors.groupingBy(TwoNodesTest::destinationOf, Collectors.counting()));
        Map<String, List<String>> status = statuses();
        List<String> sentTwice = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        List<String> twoRecords = new ArrayList<>();
        // per door: delivered once, recorded UNKNOWN (of which the Cloud API did receive), missing
        Map<Door, int[]> byDoor = new TreeMap<>();
        for (Event event : events.values()) {
            long times = perDestination.getOrDefault(event.destination, 0L);
            List<String> recorded = status.getOrDefault(event.destination, List.of());
            if (recorded.size() > 1) {
                twoRecords.add(event + " " + recorded);
            }
            int[] counts = byDoor.computeIfAbsent(event.door, d -> new int[4]);
            if (times > 1) {
                sentTwice.add(event.destination + " x" + times);
            }
            if (times == 1) {
                counts[0]++;
            }
            if (recorded.contains("UNKNOWN")) {
                counts[1]++;
                counts[2] += (int) times; // received, but B died before it heard the answer
            }
            // in doubt (UNKNOWN) only if its call had begun when B died: it may or may not have reached the Cloud API
            if (times == 0 && !recorded.contains("UNKNOWN")) {
                missing.add(event + " never sent, status " + recorded);
                counts[3]++;
            }
        }
        List<String> dlq = dlqMessages();
        System.out.printf("%d events (REST %d, JMS %d, file %d) in %d ms%n", events.size(), REST_EVENTS, JMS_EVENTS,
                2 * FILE_RECORDS_PER_NODE, Duration.ofNanos(System.nanoTime() - started).toMillis());
        byDoor.forEach((door, c) -> System.out.printf("  %-4s delivered once %d, UNKNOWN %d (%d of them received by the"
                + " Cloud API), missing %d%n", door, c[0], c[1], c[2], c[3]));
        System.out.printf("  delivered %d (by node %s), UNKNOWN %d, retried by REST clients %d, redelivered by the broker %d,"
                        + " JMS dead letters (redeliveries of what B had claimed) %d %s%n",
                perDestination.size(), sent().stream().collect(Collectors.groupingBy(r -> r.getUrl().split("/")[1],
                        TreeMap::new, Collectors.counting())),
                status.values().stream().filter(s -> s.contains("UNKNOWN")).count(), rest.retried.get(), broker.redelivered(),
                dlq.size(), dlq);
        System.out.printf("  repeats answered from the first claim: %s; REST answers %s (and %d SERVICE_UNAVAILABLE, tried"
                        + " again)%n", repeats(),
                rest.answers.values().stream().collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting())),
                rest.unavailable.get());
        System.out.printf("  file reports: a.csv %s, b.csv %s%n", reportCodes(inboxA, "a.csv"), reportCodes(inboxB, "b.csv"));

        // the kill caught B in the middle of its work at every door, or this run proved less than it says
        assertThat(status.values().stream().filter(s -> s.contains("UNKNOWN")).count()).as("B died mid-call").isPositive();
        assertThat(rest.retried.get()).as("REST callers of B retried on A").isPositive();
        assertThat(broker.redelivered()).as("messages B held redelivered to A").isPositive();
        assertThat(reportCodes(inboxB, "b.csv")).as("B's file finished after its restart").containsKey("DUPLICATE");
        assertThat(sentTwice).as("events sent to the Cloud API more than once").isEmpty();
        assertThat(missing).as("events neither delivered nor recorded UNKNOWN").isEmpty();
        assertThat(twoRecords).as("events with two status records").isEmpty();
        assertThat(perDestination.keySet()).as("nothing the burst did not ask for").isSubsetOf(events.keySet());
        assertThat(broker.messageCount(ExternalBroker.QUEUE)).isZero();
        assertThat(dlq).as("JMS dead letters: only redeliveries of what the dead node had in flight, in doubt")
                .allSatisfy(deadLetter -> assertThat(deadLetter).startsWith("PROVIDER_TIMEOUT "));
        // and nothing more goes out later: no retry, no resend of what is UNKNOWN
        int total = sent().size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> sent().size() == total);
        processes.remove(restartedB);
        restartedB.close();
    }

    // ------------------------------------------------------------------ the nodes

    private Map<String, String> node(String name, Path inbox) throws IOException {
        Map<String, String> properties = new HashMap<>(database); // one database, one secrets key
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl() + "/" + name);
        properties.put("hsm.jms.broker-url", broker.coreUrl());
        properties.put("hsm.jms.username", ExternalBroker.GATEWAY_USER);
        properties.put("hsm.jms.password", ExternalBroker.GATEWAY_PASSWORD);
        properties.put("hsm.jms.concurrent-consumers", "4");
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "200");
        properties.put("hsm.inbox.stable-ms", "500");
        properties.put("hsm.inbox.parallel-records", "4");
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.db.pool-size", "8");
        properties.put("hsm.delivery.poll-ms", "250");
        properties.put("hsm.delivery.stale-after-seconds", "5");
        // Meta signs each webhook POST with the app's secret: every node knows it
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        return properties;
    }

    private GatewayProcess start(Map<String, String> properties, String name) {
        try {
            GatewayProcess process = GatewayProcess.start(properties, Path.of("target", "two-nodes-" + name + ".log"),
                    STARTUP);
            synchronized (processes) {
                processes.add(process);
            }
            return process;
        } catch (Exception e) {
            throw new IllegalStateException("node " + name + " did not start (see target/two-nodes-" + name + ".log)", e);
        }
    }

    private String seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/" + WEBSITE,
                "{\"name\":\"Shop\",\"phoneNumberId\":\"4001\",\"accessToken\":\"token-shop\"}");
        admin(port, "PUT", "/admin/websites/" + WEBSITE + "/templates/" + TEMPLATE,
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        return JSON.readTree(admin(port, "POST", "/admin/websites/" + WEBSITE + "/apikeys", null).body()).get("apikey").asText();
    }

    private HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response;
    }

    // ------------------------------------------------------------------ the doors' clients

    private void drop(Path inbox, String name, int first) throws IOException {
        StringBuilder csv = new StringBuilder("templateId;destination;params.name\n");
        for (int i = first; i < first + FILE_RECORDS_PER_NODE; i++) {
            csv.append(TEMPLATE).append(';').append(destination(Door.FILE, i)).append(";File ").append(i).append('\n');
        }
        Path folder = Files.createDirectories(inbox.resolve(WEBSITE));
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, csv, StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name));
    }

    private void sendJms(String apiKey) throws Exception {
        JmsConnectionFactory factory = new JmsConnectionFactory(ExternalBroker.PRODUCER_USER,
                ExternalBroker.PRODUCER_PASSWORD, broker.amqpUrl());
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(ExternalBroker.QUEUE));
            for (int i = 0; i < JMS_EVENTS; i++) {
                TextMessage message = session.createTextMessage(request(destination(Door.JMS, i), "Jms " + i));
                message.setStringProperty("websiteId", WEBSITE);
                message.setStringProperty("apikey", apiKey);
                producer.send(message);
            }
        }
    }

    /**
     * REST callers as real ones behave: each request has its own Idempotency-Key; one whose node died under it
     * (connection refused or cut) is sent again, with the same key, to the other node. IDEMPOTENCY_CONFLICT names the
     * first try's notification (sent or UNKNOWN: the caller reads its status later) and ends it; SERVICE_UNAVAILABLE
     * (nothing sent yet under the key) makes the caller try again a little later.
     */
    private final class RestClients {
        private final String apiKey;
        private final int portA;
        private final int portB;
        private volatile boolean bDead;
        final AtomicInteger retried = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final Map<String, String> answers = new ConcurrentHashMap<>();

        RestClients(String apiKey, int portA, int portB) {
            this.apiKey = apiKey;
            this.portA = portA;
            this.portB = portB;
        }

        void nodeBDied() {
            bDead = true;
        }

        void send(String destination, boolean toA) {
            String key = "order-" + destination + "-" + UUID.randomUUID();
            boolean first = true;
            AtomicInteger attempts = new AtomicInteger();
            await().atMost(GENEROUS).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).until(() -> {
                int port = toA || bDead ? portA : portB;
                try {
                    HttpResponse<String> answer = post(port, key, destination);
                    JsonNode body = JSON.readTree(answer.body());
                    String code = body.path("code").asText();
                    if ("SERVICE_UNAVAILABLE".equals(code)) {
                        unavailable.incrementAndGet();
                        return false; // nothing sent: try again a little later (B's claim is taken over once stale)
                    }
                    answers.put(destination, code);
                    return true;
                } catch (IOException nodeGone) {
                    if (port == portB) {
                        bDead = true; // this caller fails over; the test's kill flag may not be set yet
                    }
                    if (attempts.incrementAndGet() == 1) {
                        retried.incrementAndGet();
                    }
                    return false;
                }
            });
        }

        private HttpResponse<String> post(int port, String key, String destination) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/website/" + WEBSITE + "/hsm/notifications"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("apikey", apiKey).header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(request(destination, "Rest " + destination))).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    // ------------------------------------------------------------------ what happened

    enum Door { REST, JMS, FILE }

    private record Event(Door door, String destination) {
        @Override
        public String toString() {
            return door + " " + destination;
        }
    }

    /** 549 + the door's digit + a six-digit number: a destination per event, unchanged by the gateway's normalising. */
    private static String destination(Door door, int n) {
        return String.format("549%d0%06d", door.ordinal() + 1, n);
    }

    private static String request(String destination, String name) {
        return "{\"templateId\":\"" + TEMPLATE + "\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"" + name + "\"}}";
    }

    private static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.{{jsonPath request.body '$.to'}}\"}]}")
                .withTransformers("response-template");
    }

    private long sentBy(String node, Door door) {
        String prefix = destination(door, 0).substring(0, 4);
        return sent().stream().filter(request -> request.getUrl().startsWith("/" + node + "/"))
                .filter(request -> destinationOf(request).startsWith(prefix)).count();
    }

    private List<LoggedRequest> sent() {
        return cloudApi.findAll(postRequestedFor(anyUrl()));
    }

    private static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Each destination's notification statuses, straight from the shared database. A repeated event (a client's
     * retry, a redelivered message, a file's record taken again) answered from its first notification's claim is
     * recorded too, REJECTED with its code and no destination (it is refused before its body is read): those are
     * counted in {@link #repeats()}.
     */
    private Map<String, List<String>> status() {
        try {
            return statuses();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String notificationIdOf(String destination) throws Exception {
        List<String> ids = new ArrayList<>();
        query("SELECT id FROM notifications WHERE destination = '" + destination + "'", row -> ids.add(row[0]));
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private Map<String, List<String>> statuses() throws Exception {
        Map<String, List<String>> statuses = new HashMap<>();
        query("SELECT destination, status FROM notifications WHERE destination IS NOT NULL",
                row -> statuses.computeIfAbsent(row[0], d -> new ArrayList<>()).add(row[1]));
        return statuses;
    }

    /** The repeats' records: channel and code, how many. */
    private Map<String, Long> repeats() throws Exception {
        Map<String, Long> repeats = new TreeMap<>();
        query("SELECT channel, status, code FROM notifications WHERE destination IS NULL",
                row -> repeats.merge(row[0] + " " + row[1] + " " + row[2], 1L, Long::sum));
        return repeats;
    }

    private void query(String sql, java.util.function.Consumer<String[]> each) throws Exception {
        try (java.sql.Connection c = DriverManager.getConnection(database.get("hsm.db.url"), database.get("hsm.db.user"),
                database.get("hsm.db.password"));
             Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rows.getString(i + 1);
                }
                each.accept(row);
            }
        }
    }

    /** The JMS door's dead letters: code and notification id of each (browsed with the Artemis CORE client). */
    private List<String> dlqMessages() throws Exception {
        List<String> found = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.coreUrl());
             Connection connection = factory.createConnection(ExternalBroker.GATEWAY_USER, ExternalBroker.GATEWAY_PASSWORD)) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Enumeration<?> messages = session.createBrowser(session.createQueue(ExternalBroker.DLQ)).getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                found.add(message.getStringProperty("code") + " " + message.getStringProperty("notificationId"));
            }
        }
        assertThat(found).as("every dead letter browsed").hasSize((int) broker.messageCount(ExternalBroker.DLQ));
        return found;
    }

    private static Map<String, Long> reportCodes(Path inbox, String name) throws IOException {
        List<String> lines = Files.readAllLines(inbox.resolve(WEBSITE).resolve(".done").resolve(name + ".report.csv"));
        return lines.stream().skip(1).map(line -> line.split(",")[3])
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }
}
