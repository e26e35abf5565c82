package io.hsmgateway.doors.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The SFTP door killed (SIGKILL) or stopped (SIGTERM) halfway through a 600-record file on the server, with the
 * per-number throttle on, then started again on the same database: the file is finished on the server, every record
 * sent once or in doubt because its call had begun at the kill, nothing lost, and the report on the server says which,
 * each line with its notification.
 */
class SftpDoorCrashTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int RECORDS = 600;

    @TempDir
    Path work;
    WireMockServer cloudApi;
    EmbeddedSftpServer sftp;
    Map<String, String> properties;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.s\"}]}")));
        Path served = Files.createDirectories(work.resolve("served"));
        sftp = EmbeddedSftpServer.start(served, work.resolve("hostkey.ser"));
        properties = new HashMap<>();
        properties.put("hsm.db.url", "jdbc:h2:file:" + work.resolve("hsm") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        properties.put("hsm.secrets.key-file", work.resolve("secrets.key").toString());
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.inbox.dir", work.resolve("inbox").toString());
        properties.put("hsm.throttle.per-number", "80");
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.host", "127.0.0.1");
        properties.put("hsm.sftp.port", String.valueOf(sftp.port()));
        properties.put("hsm.sftp.username", EmbeddedSftpServer.USER);
        properties.put("hsm.sftp.password", EmbeddedSftpServer.PASSWORD);
        properties.put("hsm.sftp.directory", "inbox");
        properties.put("hsm.sftp.known-hosts-file", sftp.writeKnownHosts(work.resolve("known_hosts")).toString());
        properties.put("hsm.sftp.poll-delay-ms", "200");
        properties.put("hsm.sftp.stable-ms", "200");
        properties.put("hsm.sftp.local-work-dir", work.resolve("sftp-work").toString());
    }

    @AfterEach
    void stop() throws Exception {
        sftp.close();
        cloudApi.stop();
    }

    @Test
    void aFileKilledHalfwayOverSftpIsFinishedWithNothingLostOrSentTwice() throws Exception {
        Path remote = halfwayThen(GatewayProcess::kill);
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "sftp-crash-gateway.log"))) {
            Path report = remote.resolve(".done").resolve("campaign.csv.report.csv");
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(report));
            List<String> lines = Files.readAllLines(report);
            assertThat(lines).hasSize(RECORDS + 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(restarted.port(), "PENDING") == 0);

            Map<String, Long> perDestination = perDestination();
            long sent = count(restarted.port(), "SENT");
            long unknown = count(restarted.port(), "UNKNOWN");
            System.out.printf("[SftpDoorCrashTest] %d-record file over SFTP, SIGKILL mid-file: received %d (%d distinct), SENT %d, UNKNOWN %d%n",
                    RECORDS, perDestination.values().stream().mapToLong(Long::longValue).sum(), perDestination.size(), sent, unknown);
            assertThat(perDestination.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
            assertThat(sent + unknown).isEqualTo(RECORDS);
            assertThat((long) perDestination.size()).isBetween(sent, sent + unknown);
            // in doubt: no more than the calls in flight at the kill (hsm.inbox.parallel-records, 64 by default; the number's
            // bucket holds a second's worth of turns, so all of them may be in flight at once)
            assertThat(unknown).isLessThanOrEqualTo(64);
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",SUCCESS,") && !l.contains(",DUPLICATE,")
                    && !l.contains(",PROVIDER_TIMEOUT,")).toList()).isEmpty();
            assertThat(lines.stream().skip(1).filter(l -> !l.matches(".*,[0-9a-f-]{36}$")).toList()).isEmpty();
        }
    }

    /** A stop leaves the file on the server (not in .error/) and in doubt nothing: the records begun are finished. */
    @Test
    void aFileStoppedHalfwayOverSftpStaysOnTheServerAndIsFinishedByTheNextStart() throws Exception {
        Path remote = halfwayThen(gateway -> assertThat(gateway.terminateWithin(Duration.ofSeconds(20))).isTrue());
        assertThat(remote.resolve("campaign.csv")).exists();
        assertThat(remote.resolve(".error")).doesNotExist();
        assertThat(remote.resolve(".done")).doesNotExist();
        int sentBeforeTheStop = cloudApi.findAll(postRequestedFor(anyUrl())).size();
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "sftp-crash-gateway.log"))) {
            Path report = remote.resolve(".done").resolve("campaign.csv.report.csv");
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(report));
            List<String> lines = Files.readAllLines(report);
            assertThat(lines).hasSize(RECORDS + 1);
            Map<String, Long> perDestination = perDestination();
            assertThat(perDestination).hasSize(RECORDS).allSatisfy((destination, times) -> assertThat(times).isEqualTo(1));
            assertThat(count(restarted.port(), "SENT")).isEqualTo(RECORDS);
            assertThat(count(restarted.port(), "UNKNOWN")).isZero();
            assertThat(lines.stream().skip(1).filter(l -> l.contains(",DUPLICATE,")).count()).isEqualTo(sentBeforeTheStop);
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",SUCCESS,") && !l.contains(",DUPLICATE,")).toList()).isEmpty();
            assertThat(lines.stream().skip(1).filter(l -> !l.matches(".*,[0-9a-f-]{36}$")).toList()).isEmpty();
        }
    }

    /** How a test ends the gateway's work: SIGKILL or SIGTERM. */
    private interface Ending {
        void end(GatewayProcess gateway) throws Exception;
    }

    /** Puts the campaign on the server, lets 150 of its records reach WhatsApp, then ends the gateway; the website's folder. */
    private Path halfwayThen(Ending ending) throws Exception {
        Path remote = work.resolve("served").resolve("inbox").resolve("crash");
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "sftp-crash-gateway.log"))) {
            seed(gateway.port());
            Files.createDirectories(remote);
            Files.writeString(remote.resolve("campaign.csv"), campaignCsv());
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 150);
            ending.end(gateway);
        }
        return remote;
    }

    private static String campaignCsv() {
        StringBuilder csv = new StringBuilder("templateId,destination\n");
        for (int i = 0; i < RECORDS; i++) {
            csv.append("7,54299484").append(String.format("%04d", i)).append('\n');
        }
        return csv.toString();
    }

    /** How many times the Cloud API stand-in received a message for each destination. */
    private Map<String, Long> perDestination() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .collect(Collectors.groupingBy(SftpDoorCrashTest::destinationOf, Collectors.counting()));
    }

    private void seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/crash", "{\"name\":\"c\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        admin(port, "PUT", "/admin/websites/crash/templates/7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
    }

    private long count(int port, String status) throws Exception {
        long total = 0;
        for (int offset = 0; ; offset += 500) {
            JsonNode page = JSON.readTree(admin(port, "GET", "/admin/notifications?websiteId=crash&status=" + status
                    + "&limit=500&offset=" + offset, null).body());
            total += page.size();
            if (page.size() < 500) {
                return total;
            }
        }
    }

    private HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
