package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.Postgres;
import org.apache.commons.csv.CSVRecord;
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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One drop folder shared by several gateways on one PostgreSQL database (issue 20): each file is taken by one node
 * (Camel's idempotent-changed read lock on the database), every record sent once, one report per file with every
 * line; a dead node's file (SIGKILL mid-file, or an orphaned lock row) is taken over once its lock has expired; a
 * later drop of the same name is taken too.
 */
class SharedDropFolderPostgresTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SITE = "shared";
    /** Short leases, so that a take-over is seen within seconds. */
    static final long LOCK_EXPIRES_MS = 3000;

    @TempDir
    Path work;
    WireMockServer cloudApi;
    Postgres postgres;
    Path inbox;
    final List<AutoCloseable> nodes = new ArrayList<>();

    @BeforeEach
    void start() {
        postgres = Postgres.freshSchema();
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(5)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.shared\"}]}")));
        inbox = work.resolve("inbox");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable node : nodes) {
            node.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    Map<String, String> nodeProperties() {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(postgres.properties());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "100");
        properties.put("hsm.inbox.stable-ms", "200");
        properties.put("hsm.inbox.lock-expires-ms", String.valueOf(LOCK_EXPIRES_MS));
        properties.put("hsm.inbox.lock-renew-ms", "1000");
        return properties;
    }

    Gateway node() throws Exception {
        Gateway gateway = Gateway.start(nodeProperties());
        nodes.add(gateway);
        return gateway;
    }

    static String csv(String prefix, int records) {
        StringBuilder csv = new StringBuilder("templateId,destination,params.name\n");
        for (int i = 0; i < records; i++) {
            csv.append("hello,").append(prefix).append(String.format("%04d", i)).append(",N").append(i).append('\n');
        }
        return csv.toString();
    }

    Map<String, Long> sentPerDestination() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .collect(Collectors.groupingBy(SharedDropFolderPostgresTest::destinationOf, Collectors.counting()));
    }

    long locksLeft() throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.properties().get("hsm.db.url"), Postgres.USER, Postgres.PASSWORD);
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM camel_messageprocessed WHERE processorName = 'drop-file-lock'");
             ResultSet rows = s.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A lock row as a node that stopped renewing it leaves it, {@code age} ago. */
    void lockedByDeadNode(Path file, Duration age) throws Exception {
        try (Connection c = DriverManager.getConnection(postgres.properties().get("hsm.db.url"), Postgres.USER, Postgres.PASSWORD);
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES ('drop-file-lock', ?, ?)")) {
            s.setString(1, file.toAbsolutePath().toString());
            s.setTimestamp(2, new Timestamp(System.currentTimeMillis() - age.toMillis()));
            s.executeUpdate();
        }
    }

    @Test
    void twoNodesOnOneFolderTakeEachFileOnceAndSendEveryRecordOnce() throws Exception {
        Gateway a = node();
        Gateway b = node();
        a.website(SITE, "1001", "token");
        a.template(SITE, "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(inbox, SITE);
        int files = 6;
        int records = 150;
        for (int f = 0; f < files; f++) {
            folder.drop("batch-" + f + ".csv", csv("5491" + f + "00", records));
        }

        for (int f = 0; f < files; f++) {
            List<CSVRecord> report = folder.awaitReport("batch-" + f + ".csv", Duration.ofSeconds(120));
            // one node took the file: every line its own first answer, none DUPLICATE or in conflict with another node
            assertThat(report).hasSize(records);
            assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS");
            assertThat(report).extracting(r -> r.get("notificationId")).doesNotHaveDuplicates();
            assertThat(folder.done("batch-" + f + ".csv.2")).doesNotExist();
        }
        Map<String, Long> sent = sentPerDestination();
        System.out.printf("[SharedDropFolderPostgresTest] %d files x %d records, two nodes: %d calls to %d numbers%n",
                files, records, sent.values().stream().mapToLong(Long::longValue).sum(), sent.size());
        assertThat(sent).hasSize(files * records);
        assertThat(sent.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        assertThat(folder.dir()).isDirectoryNotContaining("glob:**.csv");
        // each file and its one report, nothing kept twice, no half-written report
        try (var done = Files.list(folder.dir().resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString()).sorted()).hasSize(files * 2)
                    .allSatisfy(name -> assertThat(name).matches("batch-[0-9]\\.csv(\\.report\\.csv)?"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> locksLeft() == 0);
        assertThat(b.context().getStatus().isStarted()).isTrue();
    }

    @Test
    void aLaterDropOfTheSameNameIsTakenByEitherNode() throws Exception {
        Gateway a = node();
        node();
        a.website(SITE, "1001", "token");
        a.template(SITE, "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(inbox, SITE);
        for (int drop = 1; drop <= 3; drop++) {
            folder.drop("daily.csv", csv("54920" + drop, 20));
            List<CSVRecord> report = folder.awaitReport(drop == 1 ? "daily.csv" : "daily.csv." + drop, Duration.ofSeconds(60));
            assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS").hasSize(20);
        }
        assertThat(sentPerDestination()).hasSize(60).allSatisfy((to, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aFileLockedByANodeThatStoppedRenewingItIsTakenOverOnceTheLockExpires() throws Exception {
        Gateway a = node();
        a.website(SITE, "1001", "token");
        a.template(SITE, "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(inbox, SITE);
        // as a node that died an instant ago leaves it: live for LOCK_EXPIRES_MS more, then an orphan
        lockedByDeadNode(folder.dir().resolve("orphan.csv"), Duration.ZERO);
        long dropped = System.currentTimeMillis();
        folder.drop("orphan.csv", csv("549300", 10));
        // and one whose node died long ago: taken at once
        lockedByDeadNode(folder.dir().resolve("old.csv"), Duration.ofHours(1));
        folder.drop("old.csv", csv("549301", 10));

        assertThat(folder.awaitReport("old.csv", Duration.ofSeconds(30))).hasSize(10);
        assertThat(folder.done("orphan.csv.report.csv")).doesNotExist();
        List<CSVRecord> report = folder.awaitReport("orphan.csv", Duration.ofSeconds(30));
        assertThat(System.currentTimeMillis() - dropped).isGreaterThanOrEqualTo(LOCK_EXPIRES_MS);
        assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS").hasSize(10);
        assertThat(sentPerDestination()).hasSize(20).allSatisfy((to, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aFileOfANodeKilledMidFileIsFinishedByTheOtherWithNothingSentTwice() throws Exception {
        int records = 600;
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.k\"}]}")));
        Map<String, String> dying = nodeProperties();
        dying.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        DropFolder folder = DropFolder.of(inbox, SITE);
        Gateway survivor;
        try (GatewayProcess victim = GatewayProcess.start(dying, Path.of("target", "shared-drop-folder-killed.log"))) {
            admin(victim.port(), "PUT", "/admin/websites/" + SITE, "{\"name\":\"s\",\"phoneNumberId\":\"1001\",\"accessToken\":\"t\"}");
            admin(victim.port(), "PUT", "/admin/websites/" + SITE + "/templates/hello", FileDropDoorTest.HELLO);
            folder.drop("campaign.csv", csv("549400", records));
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 150);
            // the other node is up, polling the same folder, while the victim holds the file
            survivor = node();
            assertThat(folder.done("campaign.csv.report.csv")).doesNotExist();
            victim.kill();
        }

        List<CSVRecord> report = folder.awaitReport("campaign.csv", Duration.ofSeconds(120));
        Map<String, Long> sent = sentPerDestination();
        Map<String, Long> codes = report.stream().collect(Collectors.groupingBy(r -> r.get("code"), Collectors.counting()));
        System.out.printf("[SharedDropFolderPostgresTest] %d-record file, its node killed mid-file: %d calls to %d numbers, report %s%n",
                records, sent.values().stream().mapToLong(Long::longValue).sum(), sent.size(), codes);
        assertThat(report).hasSize(records);
        assertThat(report).extracting(r -> r.get("line")).doesNotHaveDuplicates();
        assertThat(sent.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        // records the dead node had finished: DUPLICATE naming its notification; in flight: as they ended; the rest sent
        assertThat(codes.keySet()).isSubsetOf("SUCCESS", "DUPLICATE", "PROVIDER_TIMEOUT");
        assertThat(codes.get("DUPLICATE")).isPositive();
        assertThat(report).allSatisfy(r -> assertThat(r.get("notificationId")).matches("[0-9a-f-]{36}"));
        // every number reported sent was sent, once; only those in doubt may not have reached the Cloud API
        assertThat(report.stream().filter(r -> !r.get("code").equals("PROVIDER_TIMEOUT")).map(r -> r.get("destination")))
                .allSatisfy(to -> assertThat(sent).containsKey(to));
        assertThat(folder.done("campaign.csv.2")).doesNotExist();
        assertThat(survivor.context().getStatus().isStarted()).isTrue();
    }

    private void admin(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isIn(200, 201);
    }

    static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
