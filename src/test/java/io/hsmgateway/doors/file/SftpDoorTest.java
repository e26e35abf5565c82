package io.hsmgateway.doors.file;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import io.hsmgateway.support.LogCapture;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The SFTP door end to end: an embedded SFTP server (MINA SSHD), the real gateway, WireMock as the Cloud API. */
class SftpDoorTest {

    static final String PHONE = "2000001";

    @TempDir
    Path work;
    WireMockServer cloudApi;
    EmbeddedSftpServer sftp;
    Gateway gateway;
    Health health;
    Path served;

    @BeforeEach
    void start() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(urlPathMatching("/v23.0/.*/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.X\"}]}")));
        served = Files.createDirectories(work.resolve("served"));
        sftp = EmbeddedSftpServer.start(served, work.resolve("hostkey.ser"));
    }

    void startGateway(Path knownHosts) throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        properties.put("hsm.inbox.dir", work.resolve("inbox").toString());
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.host", "127.0.0.1");
        properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
        properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
        properties.put("hsm.sftp.password", EmbeddedSftpServer.PASSWORD);
        properties.put("hsm.sftp.directory", "inbox");
        properties.put("hsm.sftp.known-hosts-file", knownHosts.toString());
        properties.put("hsm.sftp.poll-delay-ms", "200");
        properties.put("hsm.sftp.stable-ms", "200");
        properties.put("hsm.sftp.local-work-dir", work.resolve("sftp-work").toString());
        gateway = Gateway.start(properties);
        health = Health.of(properties);
        gateway.website("shop", PHONE, "token-shop");
        gateway.template("shop", "hello", FileDropDoorTest.HELLO);
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        sftp.close();
        cloudApi.stop();
    }

    int sent() {
        return cloudApi.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v23.0/" + PHONE + "/messages")).build())
                .getCount();
    }

    @Test
    void filesOnTheServerAreSentAndReportedThere() throws Exception {
        startGateway(sftp.writeKnownHosts(work.resolve("known_hosts")));
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        folder.drop("people.csv", "\uFEFFtemplateId;destination;params.name\n"
                + "hello;5491100000061;\"Ana; Maria\"\n"
                + "hello;oops;Bob\n");
        folder.drop("more.jsonl", """
                {"templateId":"hello","destination":"5491100000063","params":{"name":"Carla"}}
                """);

        List<CSVRecord> report = folder.awaitReport("people.csv");
        List<CSVRecord> lines = folder.awaitReport("more.jsonl");

        assertThat(sent()).isEqualTo(2);
        assertThat(report).extracting(r -> r.get("line") + ":" + r.get("destination") + ":" + r.get("code"))
                .containsExactly("2:5491100000061:SUCCESS", "3:oops:INVALID_BODY");
        assertThat(lines).extracting(r -> r.get("code")).containsExactly("SUCCESS");
        assertThat(folder.dir().resolve("people.csv")).doesNotExist();

        // the same content again: reported as duplicate, not sent
        folder.drop("again.jsonl", Files.readString(folder.done("more.jsonl")));
        assertThat(folder.awaitReport("again.jsonl")).extracting(r -> r.get("code")).containsExactly("DUPLICATE");
        assertThat(sent()).isEqualTo(2);

        // an unreadable file goes to .error on the server, with the reason
        folder.drop("broken.json", "{\"templateId\":");
        assertThat(folder.awaitErrorNote("broken.json")).contains("not valid JSON");
        assertThat(sent()).isEqualTo(2);
    }

    @Test
    void aFileDroppedTwiceOnTheServerKeepsBothReportsThereAndTheDuplicatesNameTheFirstNotifications() throws Exception {
        startGateway(sftp.writeKnownHosts(work.resolve("known_hosts")));
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        String content = """
                {"templateId":"hello","destination":"5491100000071","params":{"name":"Ana"}}
                {"templateId":"hello","destination":"5491100000072","params":{"name":"Bob"}}
                """;
        folder.drop("twice.jsonl", content);
        List<CSVRecord> first = folder.awaitReport("twice.jsonl", 1);
        assertThat(first).extracting(r -> r.get("code")).containsExactly("SUCCESS", "SUCCESS");
        List<String> sentIds = first.stream().map(r -> r.get("notificationId")).toList();
        assertThat(sentIds).allSatisfy(id -> assertThat(id).isNotBlank());
        String firstReport = Files.readString(folder.done("twice.jsonl.report.csv"));

        folder.drop("twice.jsonl", content);
        List<CSVRecord> second = folder.awaitReport("twice.jsonl", 2);

        // on the server: the first report as it was, the second next to it, both processed files
        assertThat(Files.readString(folder.done("twice.jsonl.report.csv"))).isEqualTo(firstReport);
        assertThat(second).extracting(r -> r.get("code")).containsExactly("DUPLICATE", "DUPLICATE");
        assertThat(second).extracting(r -> r.get("notificationId")).containsExactlyElementsOf(sentIds);
        assertThat(Files.readString(folder.done("twice.jsonl"))).isEqualTo(content);
        assertThat(Files.readString(folder.done("twice.jsonl.2"))).isEqualTo(content);
        assertThat(sent()).isEqualTo(2);
    }

    /**
     * The inbox is not on the server when the gateway starts, and the door may not create it (a server whose root
     * the login may not write to): every poll fails meanwhile and health is DOWN naming the folder. Once someone
     * creates it, the next poll takes its files, without a restart.
     */
    @Test
    void anInboxCreatedOnTheServerAfterTheGatewayStartedIsPolledOnceItIsThere() throws Exception {
        sftp.refuseDirectories(true);
        startGateway(sftp.writeKnownHosts(work.resolve("known_hosts")));

        // a few polls fail meanwhile (poll delay 200 ms)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(health.state(SftpDoorHealthTest.CHECK)).isEqualTo("DOWN");
            assertThat(health.reason(SftpDoorHealthTest.CHECK)).containsPattern("Consumer failed polling ([3-9]|\\d{2,}) times")
                    .contains("Cannot change directory to: inbox");
        });
        assertThat(served.resolve("inbox")).doesNotExist();

        // the server's owner creates the inbox (and lets the door create its .done/ folders below it)
        sftp.refuseDirectories(false);
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        folder.drop("late.csv", "templateId,destination,params.name\nhello,5491100000081,Ana\n");

        assertThat(folder.awaitReport("late.csv")).extracting(r -> r.get("code")).containsExactly("SUCCESS");
        assertThat(sent()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> health.state(SftpDoorHealthTest.CHECK).equals("UP"));
    }

    @Test
    void aChangedHostKeyIsRefusedUntilKnownHostsVouchesForTheServer() throws Exception {
        Path knownHosts = work.resolve("known_hosts");
        try (EmbeddedSftpServer other = EmbeddedSftpServer.start(served, work.resolve("other-hostkey.ser"))) {
            // a known_hosts entry for our server's address, but another server's key
            Files.writeString(knownHosts, other.knownHostsLine().replaceFirst(":" + other.port() + " ",
                    ":" + sftp.port() + " ") + "\n");
        }

        refusedForItsHostKeyThenDeliveredOnceVouchedFor(knownHosts, "HostKey has been changed");
    }

    @Test
    void anUnknownHostKeyIsRefusedUntilKnownHostsVouchesForTheServer() throws Exception {
        // known_hosts vouches for a server on another port only: ours is a stranger
        Path knownHosts = Files.writeString(work.resolve("known_hosts"),
                sftp.knownHostsLine().replaceFirst(":" + sftp.port() + " ", ":1 ") + "\n");

        refusedForItsHostKeyThenDeliveredOnceVouchedFor(knownHosts, "reject HostKey");
    }

    /**
     * The door reaches the server and hangs up in the key exchange, before any login, saying why; the file
     * stays and nothing is sent. Then the same gateway, server and file, with only known_hosts now vouching for
     * the server's key: the file is delivered, so the refusal was the host key's doing and nothing else's.
     */
    private void refusedForItsHostKeyThenDeliveredOnceVouchedFor(Path knownHosts, String reason) throws Exception {
        startGateway(knownHosts);
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        folder.drop("people.csv", "templateId,destination,params.name\nhello,5491100000071,Ana\n");

        // the door's health is DOWN and says why: the key exchange's own refusal, naming the server
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(sftp.sessions()).as("sessions opened").isGreaterThanOrEqualTo(1);
            assertThat(health.state(SftpDoorHealthTest.CHECK)).isEqualTo("DOWN");
            assertThat(health.reason(SftpDoorHealthTest.CHECK)).contains(reason).contains("[127.0.0.1]:" + sftp.port());
        });
        assertThat(sftp.logins()).as("logins attempted").isZero();
        assertThat(folder.dir().resolve("people.csv")).exists();
        assertThat(folder.done("people.csv.report.csv")).doesNotExist();
        assertThat(sent()).isZero();

        sftp.writeKnownHosts(knownHosts);
        assertThat(folder.awaitReport("people.csv")).extracting(r -> r.get("code")).containsExactly("SUCCESS");
        assertThat(sftp.logins()).as("logins attempted").isPositive();
        assertThat(sent()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> health.state(SftpDoorHealthTest.CHECK).equals("UP"));
    }

    @Test
    void aLinkOnTheServerIsNeverDownloadedAndAnEmptyFileIsRefusedOnce() throws Exception {
        startGateway(sftp.writeKnownHosts(work.resolve("known_hosts")));
        DropFolder folder = DropFolder.of(served.resolve("inbox"), "shop");
        // the embedded server, like OpenSSH, lists a link as a link, and follows it when asked to read it
        Path outside = Files.writeString(Files.createDirectories(work.resolve("outside")).resolve("secret.csv"),
                "SECRET-OUTSIDE,root:x:0:0\n");
        Path inside = Files.writeString(Files.createDirectories(served.resolve("elsewhere")).resolve("secret.csv"),
                "SECRET-INSIDE,root:x:0:0\n");

        try (LogCapture warnings = LogCapture.of(DropEntryFilter.class)) {
            Files.createSymbolicLink(folder.dir().resolve("outside.csv"), outside);
            Files.createSymbolicLink(folder.dir().resolve("inside.csv"), Path.of("../../elsewhere/secret.csv"));
            folder.drop("nothing.csv", new byte[0]);

            assertThat(folder.awaitErrorNote("nothing.csv")).contains("the file is empty");
            folder.drop("after.jsonl", """
                    {"templateId":"hello","destination":"5491100000064","params":{"name":"Dan"}}
                    """);
            assertThat(folder.awaitReport("after.jsonl")).extracting(r -> r.get("code")).containsExactly("SUCCESS");
            await().atMost(Duration.ofSeconds(10)).until(() -> warnings.lines().size() >= 2);
            assertThat(warnings.lines()).allSatisfy(line -> assertThat(line).contains("symbolic link").doesNotContain("SECRET"));
            assertThat(warnings.lines()).anySatisfy(line -> assertThat(line).contains("shop/outside.csv"));
            assertThat(warnings.lines()).anySatisfy(line -> assertThat(line).contains("shop/inside.csv"));
        }
        assertThat(folder.dir().resolve("outside.csv")).isSymbolicLink();
        assertThat(folder.dir().resolve("inside.csv")).isSymbolicLink();
        assertThat(folder.error("outside.csv.error.txt")).doesNotExist();
        assertThat(folder.error("inside.csv.error.txt")).doesNotExist();
        assertThat(Files.readString(inside)).startsWith("SECRET-INSIDE");
        assertThat(Files.readString(outside)).startsWith("SECRET-OUTSIDE");
        // nothing of theirs reached the gateway's disk either
        try (var downloaded = Files.walk(work.resolve("sftp-work"))) {
            assertThat(downloaded.filter(Files::isRegularFile)).noneMatch(p -> p.getFileName().toString().contains("side.csv"));
        }
        assertThat(sent()).isEqualTo(1);
    }
}
