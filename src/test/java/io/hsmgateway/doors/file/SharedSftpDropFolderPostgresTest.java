package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Postgres;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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

/**
 * Two gateways polling one SFTP server (an embedded MINA SSHD) on one PostgreSQL database (issue 20): each file is
 * taken by one node (SftpDropLock on the database), every record sent once, one report per file on the server with
 * every line; a later drop of the same name is taken too; a file whose lock a dead node left is taken over once the
 * lock expires.
 */
class SharedSftpDropFolderPostgresTest {

    static final String SITE = "shared";
    static final long LOCK_EXPIRES_MS = 3000;

    @TempDir
    Path work;
    WireMockServer cloudApi;
    EmbeddedSftpServer sftp;
    Postgres postgres;
    Path served;
    final List<Gateway> nodes = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        postgres = Postgres.freshSchema();
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(5)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.sftp\"}]}")));
        served = Files.createDirectories(work.resolve("served"));
        sftp = EmbeddedSftpServer.start(served, work.resolve("hostkey.ser"));
    }

    @AfterEach
    void stop() throws Exception {
        for (Gateway node : nodes) {
            node.close();
        }
        if (sftp != null) {
            sftp.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    Gateway node(String name) throws Exception {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(postgres.properties());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.inbox.dir", work.resolve("inbox-" + name).toString());
        properties.put("hsm.inbox.lock-expires-ms", String.valueOf(LOCK_EXPIRES_MS));
        properties.put("hsm.inbox.lock-renew-ms", "1000");
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.host", "127.0.0.1");
        properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
        properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
        properties.put("hsm.sftp.password", EmbeddedSftpServer.PASSWORD);
        properties.put("hsm.sftp.directory", "inbox");
        properties.put("hsm.sftp.known-hosts-file", sftp.writeKnownHosts(work.resolve("known_hosts-" + name)).toString());
        properties.put("hsm.sftp.poll-delay-ms", "200");
        properties.put("hsm.sftp.stable-ms", "200");
        properties.put("hsm.sftp.local-work-dir", work.resolve("sftp-work-" + name).toString());
        Gateway gateway = Gateway.start(properties);
        nodes.add(gateway);
        return gateway;
    }

    Map<String, Long> sentPerDestination() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .collect(Collectors.groupingBy(SharedDropFolderPostgresTest::destinationOf, Collectors.counting()));
    }

    @Test
    void twoNodesOnOneSftpServerTakeEachFileOnceAndSendEveryRecordOnce() throws Exception {
        Gateway a = node("a");
        node("b");
        a.website(SITE, "1001", "token");
        a.template(SITE, "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(served.resolve("inbox"), SITE);
        int files = 4;
        int records = 100;
        for (int f = 0; f < files; f++) {
            folder.drop("batch-" + f + ".csv", SharedDropFolderPostgresTest.csv("5495" + f + "0", records));
        }

        for (int f = 0; f < files; f++) {
            List<CSVRecord> report = folder.awaitReport("batch-" + f + ".csv", Duration.ofSeconds(120));
            assertThat(report).hasSize(records);
            assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS");
        }
        Map<String, Long> sent = sentPerDestination();
        System.out.printf("[SharedSftpDropFolderPostgresTest] %d files x %d records over SFTP, two nodes: %d calls to %d numbers%n",
                files, records, sent.values().stream().mapToLong(Long::longValue).sum(), sent.size());
        assertThat(sent).hasSize(files * records);
        assertThat(sent.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
        try (var done = Files.list(folder.dir().resolve(".done"))) {
            assertThat(done.map(p -> p.getFileName().toString())).hasSize(files * 2)
                    .allSatisfy(name -> assertThat(name).matches("batch-[0-9]\\.csv(\\.report\\.csv)?"));
        }

        // a later drop of the same name is taken too, and kept next to the first
        folder.drop("batch-0.csv", SharedDropFolderPostgresTest.csv("549690", 10));
        assertThat(folder.awaitReport("batch-0.csv.2", Duration.ofSeconds(60)))
                .extracting(r -> r.get("code")).containsOnly("SUCCESS").hasSize(10);
        assertThat(sentPerDestination()).hasSize(files * records + 10).allSatisfy((to, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void aFileLockedByANodeThatStoppedRenewingItIsTakenOverOnceTheLockExpires() throws Exception {
        Gateway a = node("a");
        node("b");
        a.website(SITE, "1001", "token");
        a.template(SITE, "hello", FileDropDoorTest.HELLO);
        DropFolder folder = DropFolder.of(served.resolve("inbox"), SITE);
        // as a node that died an instant ago leaves it (the key: the file's path on the server)
        try (Connection c = DriverManager.getConnection(postgres.properties().get("hsm.db.url"), Postgres.USER, Postgres.PASSWORD);
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO camel_messageprocessed (processorName, messageId, createdAt) VALUES ('sftp-file-lock', ?, ?)")) {
            s.setString(1, "inbox/" + SITE + "/orphan.csv");
            s.setTimestamp(2, new Timestamp(System.currentTimeMillis()));
            s.executeUpdate();
        }
        long dropped = System.currentTimeMillis();
        folder.drop("orphan.csv", SharedDropFolderPostgresTest.csv("549700", 10));

        List<CSVRecord> report = folder.awaitReport("orphan.csv", Duration.ofSeconds(30));
        assertThat(System.currentTimeMillis() - dropped).isGreaterThanOrEqualTo(LOCK_EXPIRES_MS);
        assertThat(report).extracting(r -> r.get("code")).containsOnly("SUCCESS").hasSize(10);
        assertThat(sentPerDestination()).hasSize(10).allSatisfy((to, times) -> assertThat(times).isEqualTo(1));
    }
}
