package io.hsmgateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.doors.file.EmbeddedSftpServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three gateway processes on one PostgreSQL schema and one external Artemis broker, behaving as one: what one node
 * changes, limits or takes holds for all of them. WireMock is the Cloud API; each node delivers to its own path prefix
 * ({@code /node-1}, ...), so the journal says which node sent what.
 * <ol>
 *   <li>a key revoked through one node is refused by the other two within a second (LISTEN/NOTIFY, the caches' TTL
 *   set to ten minutes so that it cannot be what ends it);</li>
 *   <li>a per-number limit of 10/s holds for the cluster within 10 % over 30 s while REST callers load all three
 *   nodes (per-node limits would let 30/s through);</li>
 *   <li>one drop folder shared by the three: 3,000 records in six files, node 2 killed with SIGKILL in the middle of
 *   a file and started again: every record sent once, or reported in doubt with its notification id, none sent
 *   twice, and every file reported once with one line per record;</li>
 *   <li>the same for one SFTP server (an embedded Apache MINA SSHD) polled by nodes 1 and 2.</li>
 * </ol>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeNodesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEMPLATE = "7";
    private static final int NODES = 3;
    private static final int PER_NUMBER = 10;
    private static final Duration MEASURED = Duration.ofSeconds(30);
    /** Callers per node with a request open at all times while the limit is measured. */
    private static final int CALLERS_PER_NODE = 4;
    private static final int FILES = 6;
    private static final int RECORDS_PER_FILE = 500;
    /** A dead node's file lock is taken over after this long without its renewal (every 2 s). */
    private static final long LOCK_EXPIRES_MS = 6_000;
    /** The nodes that poll the SFTP server. */
    private static final int SFTP_NODES = 2;
    private static final Duration STARTUP = Duration.ofSeconds(150);
    private static final Duration GENEROUS = Duration.ofSeconds(120);

    private Path dir;
    private Path inbox;
    private Path sftpRoot;
    private EmbeddedSftpServer sftp;
    private WireMockServer cloudApi;
    private ExternalBroker broker;
    private Map<String, String> database;
    private final GatewayProcess[] nodes = new GatewayProcess[NODES];
    private final List<GatewayProcess> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void startThreeNodes() throws Exception {
        database = Postgres.freshSchema().properties(); // skips, saying why, when PostgreSQL does not answer
        dir = Files.createTempDirectory(Path.of("target"), "three-nodes");
        inbox = Files.createDirectories(dir.resolve("inbox"));
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").templatingEnabled(true)
                .globalTemplating(false).containerThreads(64));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(accepted().withUniformRandomDelay(5, 30)));
        broker = new ExternalBroker(Files.createDirectories(dir.resolve("broker")), Gateway.freePort()).start();
        sftpRoot = Files.createDirectories(dir.resolve("sftp-root"));
        sftp = EmbeddedSftpServer.start(sftpRoot, dir.resolve("hostkey.ser"));
        List<CompletableFuture<GatewayProcess>> starting = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            int node = n;
            starting.add(CompletableFuture.supplyAsync(() -> start(node)));
        }
        for (int n = 1; n <= NODES; n++) {
            nodes[n - 1] = starting.get(n - 1).join();
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (GatewayProcess process : started) {
            process.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (broker != null) {
            broker.close();
        }
        if (sftp != null) {
            sftp.close();
        }
    }

    // ------------------------------------------------------------------ 1. admin changes everywhere

    @Test
    @Order(1)
    void aKeyRevokedOnOneNodeIsRefusedOnTheOthersWithinASecond() throws Exception {
        String website = "revoke";
        website(node(1), website, "5001", null);
        JsonNode created = JSON.readTree(admin(node(1), "POST", "/admin/websites/" + website + "/apikeys", null).body());
        String key = created.get("apikey").asText();
        for (int n = 2; n <= NODES; n++) {
            assertThat(notify(node(n), website, key, "5491100000001").statusCode()).as("node " + n + " caches the key")
                    .isEqualTo(200);
        }

        admin(node(1), "DELETE", "/admin/websites/" + website + "/apikeys/" + created.get("id").asText(), null);
        long revokedAt = System.nanoTime();

        for (int n = 2; n <= NODES; n++) {
            GatewayProcess other = node(n);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> notify(other, website, key, "5491100000002").statusCode() == 401);
            long refusedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revokedAt);
            System.out.printf("node %d refuses the revoked key %d ms after the DELETE on node 1%n", n, refusedAfterMs);
            assertThat(refusedAfterMs).as("node " + n).isLessThan(1_000);
        }
    }

    // ------------------------------------------------------------------ 2. one limit for the cluster

    @Test
    @Order(2)
    void aPerNumberLimitHoldsForTheClusterWhileEveryNodeIsLoaded() throws Exception {
        String website = "limited";
        String phoneNumberId = "5002";
        String key = website(node(1), website, phoneNumberId, null);
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger destinations = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(NODES * CALLERS_PER_NODE);
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (int n = 1; n <= NODES; n++) {
            GatewayProcess node = node(n);
            for (int c = 0; c < CALLERS_PER_NODE; c++) {
                load.add(CompletableFuture.runAsync(() -> {
                    while (loading.get()) {
                        try {
                            notify(node, website, key, String.format("54920%07d", destinations.incrementAndGet()));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                }, callers));
            }
        }
        long warmUpMs = 3_000;
        Thread.sleep(warmUpMs + MEASURED.toMillis() + 1_000);
        loading.set(false);
        CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        callers.shutdown();

        List<LoggedRequest> calls = sent(phoneNumberId);
        long first = calls.stream().mapToLong(call -> call.getLoggedDate().getTime()).min().orElseThrow();
        long from = first + warmUpMs;
        long until = from + MEASURED.toMillis();
        List<LoggedRequest> measured = calls.stream()
                .filter(call -> call.getLoggedDate().getTime() >= from && call.getLoggedDate().getTime() < until).toList();
        Map<String, Long> byNode = byNode(measured);
        double perSecond = measured.size() / (double) MEASURED.toSeconds();
        System.out.printf("limit %d/s per number: %d calls in %d s = %.2f/s, by node %s (%d requests made)%n",
                PER_NUMBER, measured.size(), MEASURED.toSeconds(), perSecond, byNode, destinations.get());
        assertThat(byNode).as("every node sent its share").hasSize(NODES);
        assertThat(perSecond).isBetween(PER_NUMBER * 0.9, PER_NUMBER * 1.1);
    }

    // ------------------------------------------------------------------ 3. one drop folder for the cluster

    @Test
    @Order(3)
    void aSharedDropFolderLosesNothingAndSendsNothingTwiceWhenANodeIsKilledMidFile() throws Exception {
        Path folder = Files.createDirectories(inbox.resolve("dropped"));
        killNode2MidFileThenAccount("dropped", "5003", folder, 54930);
    }

    // ------------------------------------------------------------------ 4. one SFTP server for the cluster

    @Test
    @Order(4)
    void anSftpServerPolledByTwoNodesLosesNothingAndSendsNothingTwiceWhenOneIsKilledMidFile() throws Exception {
        Path folder = Files.createDirectories(sftpRoot.resolve("inbox").resolve("uploaded"));
        killNode2MidFileThenAccount("uploaded", "5004", folder, 54940);
    }

    /**
     * Drops {@value #FILES} files of {@value #RECORDS_PER_FILE} records into a folder the nodes share (the drop folder,
     * or the SFTP server's, as the server's own files), kills node 2 with SIGKILL once it has sent a good part of a file,
     * starts it again, and accounts for every record.
     */
    private void killNode2MidFileThenAccount(String website, String phoneNumberId, Path folder, int prefix) throws Exception {
        website(node(1), website, phoneNumberId, 0); // no limit: a file's records go as fast as the nodes send them
        List<String> names = new ArrayList<>();
        for (int f = 0; f < FILES; f++) {
            names.add(drop(folder, "orders-" + f + ".csv", prefix, f * RECORDS_PER_FILE));
        }

        // node 2 dies with a file half done: once it has sent a good part of what it took
        await().atMost(GENEROUS).until(() -> sentBy("node-2", phoneNumberId) >= 150);
        nodes[1].kill();
        System.out.printf("%s: node 2 killed (SIGKILL) with %s at the Cloud API%n", website, byNode(sent(phoneNumberId)));
        assertThat(names.stream().allMatch(name -> Files.exists(folder.resolve(".done").resolve(name + ".report.csv"))))
                .as("files still being worked on when node 2 died").isFalse();
        nodes[1] = start(2);

        await().atMost(GENEROUS).until(() -> names.stream()
                .allMatch(name -> Files.exists(folder.resolve(".done").resolve(name + ".report.csv"))));
        await().atMost(GENEROUS).until(() -> inFlight(website) == 0);

        Map<String, Long> perDestination = sent(phoneNumberId).stream()
                .collect(Collectors.groupingBy(ThreeNodesTest::destinationOf, Collectors.counting()));
        Map<String, String> reported = new HashMap<>();
        Map<String, Long> codes = new TreeMap<>();
        for (String name : names) {
            List<String> lines = Files.readAllLines(folder.resolve(".done").resolve(name + ".report.csv"));
            assertThat(lines).as(name + ": a line per record").hasSize(RECORDS_PER_FILE + 1);
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                assertThat(reported.put(cells[2], cells[3])).as("one line per destination").isNull();
                codes.merge(cells[3], 1L, Long::sum);
            }
        }
        List<String> sentTwice = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (int i = 0; i < FILES * RECORDS_PER_FILE; i++) {
            String destination = destination(prefix, i);
            long times = perDestination.getOrDefault(destination, 0L);
            if (times > 1) {
                sentTwice.add(destination + " x" + times);
            }
            // not at the Cloud API: only a record whose call had begun when node 2 died may be, and it says so
            if (times == 0 && !"PROVIDER_TIMEOUT".equals(reported.get(destination))) {
                lost.add(destination + " " + reported.get(destination));
            }
        }
        System.out.printf("%s: %d records in %d files: %d destinations at the Cloud API %s; report codes %s%n", website,
                FILES * RECORDS_PER_FILE, FILES, perDestination.size(), byNode(sent(phoneNumberId)), codes);
        assertThat(sentTwice).as("sent twice").isEmpty();
        assertThat(lost).as("neither sent nor reported in doubt").isEmpty();
        assertThat(reported).hasSize(FILES * RECORDS_PER_FILE);
        assertThat(perDestination.keySet()).as("nothing but the files' records").isSubsetOf(reported.keySet());
        assertThat(codes).as("node 2's file finished by a node that took it over").containsKey("DUPLICATE");
        assertThat(leftovers(folder)).as("nothing left in the folder").isEmpty();
    }

    // ------------------------------------------------------------------ the nodes

    private Map<String, String> properties(int node) throws Exception {
        Map<String, String> properties = new HashMap<>(database);
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        // two free ports asked one after the other may be the same one: a node refuses to start on one port for both
        int httpPort = Gateway.freePort();
        int managementPort = Gateway.freePort();
        while (managementPort == httpPort) {
            managementPort = Gateway.freePort();
        }
        properties.put("hsm.http.port", String.valueOf(httpPort));
        properties.put("hsm.management.port", String.valueOf(managementPort));
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl() + "/node-" + node);
        properties.put("hsm.jms.broker-url", broker.coreUrl());
        properties.put("hsm.jms.username", ExternalBroker.GATEWAY_USER);
        properties.put("hsm.jms.password", ExternalBroker.GATEWAY_PASSWORD);
        properties.put("hsm.jms.concurrent-consumers", "2");
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "200");
        properties.put("hsm.inbox.stable-ms", "500");
        properties.put("hsm.inbox.lock-expires-ms", String.valueOf(LOCK_EXPIRES_MS));
        properties.put("hsm.inbox.lock-renew-ms", "2000");
        if (node <= SFTP_NODES) {
            properties.put("hsm.sftp.enabled", "true");
            properties.put("hsm.sftp.host", "127.0.0.1");
            properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
            properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
            properties.put("hsm.sftp.password", EmbeddedSftpServer.PASSWORD);
            properties.put("hsm.sftp.directory", "inbox");
            properties.put("hsm.sftp.known-hosts-file", sftp.writeKnownHosts(dir.resolve("known_hosts-" + node)).toString());
            properties.put("hsm.sftp.poll-delay-ms", "200");
            properties.put("hsm.sftp.stable-ms", "500");
            properties.put("hsm.sftp.local-work-dir", dir.resolve("sftp-work-" + node).toString());
        }
        properties.put("hsm.throttle.per-number", String.valueOf(PER_NUMBER));
        // only a notice can make a change seen by another node within the test's second
        properties.put("hsm.cache.ttl-ms", "600000");
        properties.put("hsm.db.pool-size", "8");
        properties.put("hsm.delivery.poll-ms", "250");
        return properties;
    }

    private GatewayProcess start(int node) {
        String log = "three-nodes-" + node + "-" + System.currentTimeMillis() + ".log";
        try {
            GatewayProcess process = GatewayProcess.start(properties(node), Path.of("target", log), STARTUP);
            synchronized (started) {
                started.add(process);
            }
            return process;
        } catch (Exception e) {
            throw new IllegalStateException("node " + node + " did not start (see target/" + log + ")", e);
        }
    }

    private GatewayProcess node(int n) {
        return nodes[n - 1];
    }

    /** A website and its template through one node; returns a key. {@code throttle}: its own per-number limit. */
    private String website(GatewayProcess node, String website, String phoneNumberId, Integer throttle) throws Exception {
        admin(node, "PUT", "/admin/websites/" + website, "{\"name\":\"" + website + "\",\"phoneNumberId\":\"" + phoneNumberId
                + "\",\"accessToken\":\"token-" + website + "\"" + (throttle == null ? "" : ",\"throttlePerSecond\":" + throttle) + "}");
        admin(node, "PUT", "/admin/websites/" + website + "/templates/" + TEMPLATE,
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        return JSON.readTree(admin(node, "POST", "/admin/websites/" + website + "/apikeys", null).body()).get("apikey").asText();
    }

    private HttpResponse<String> admin(GatewayProcess node, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response;
    }

    private HttpResponse<String> notify(GatewayProcess node, String website, String key, String destination) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/website/" + website
                        + "/hsm/notifications")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("apikey", key)
                .POST(HttpRequest.BodyPublishers.ofString(request(destination))).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ what happened

    private static String request(String destination) {
        return "{\"templateId\":\"" + TEMPLATE + "\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"n\"}}";
    }

    /** A destination per record: a prefix per test, then the record's number. */
    private static String destination(int prefix, int record) {
        return String.format("%d%07d", prefix, record);
    }

    /** A CSV file, written under another name and renamed, as a careful writer does. */
    private static String drop(Path folder, String name, int prefix, int first) throws IOException {
        StringBuilder csv = new StringBuilder("templateId;destination;params.name\n");
        for (int i = first; i < first + RECORDS_PER_FILE; i++) {
            csv.append(TEMPLATE).append(';').append(destination(prefix, i)).append(";Record ").append(i).append('\n');
        }
        Path part = folder.resolve(name + ".part");
        Files.writeString(part, csv, StandardCharsets.UTF_8);
        Files.move(part, folder.resolve(name));
        return name;
    }

    private static ResponseDefinitionBuilder accepted() {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.{{jsonPath request.body '$.to'}}\"}]}")
                .withTransformers("response-template");
    }

    private List<LoggedRequest> sent(String phoneNumberId) {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .filter(request -> request.getUrl().contains("/" + phoneNumberId + "/messages")).toList();
    }

    private long sentBy(String node, String phoneNumberId) {
        return sent(phoneNumberId).stream().filter(request -> request.getUrl().startsWith("/" + node + "/")).count();
    }

    private static Map<String, Long> byNode(List<LoggedRequest> requests) {
        return requests.stream().collect(Collectors.groupingBy(request -> request.getUrl().split("/")[1], TreeMap::new,
                Collectors.counting()));
    }

    private static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What is left in a drop folder besides .done/ and .error/ (nothing, once every file is finished). */
    private static List<String> leftovers(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals(".done") && !name.equals(".error")).sorted().toList();
        }
    }

    /** The website's notifications not settled yet (PENDING, SENDING, RETRYING). */
    private long inFlight(String website) throws Exception {
        AtomicInteger count = new AtomicInteger();
        query("SELECT count(*) FROM notifications WHERE website_id = '" + website
                + "' AND status IN ('PENDING', 'SENDING', 'RETRYING')", row -> count.set(Integer.parseInt(row[0])));
        return count.get();
    }

    private void query(String sql, Consumer<String[]> each) throws Exception {
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
}
