package io.hsmgateway.delivery;

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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway killed (SIGKILL) or stopped (SIGTERM) in the middle of its work, then started again on the same
 * database. The Cloud API stub's received list is the proof: nothing lost, nothing sent twice, and what was
 * in flight at a kill is reported UNKNOWN, never resent blindly. Run on each database the gateway supports,
 * with the URL an operator would write: the guarantees must not depend on its options.
 */
abstract class CrashSafetyContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String OK = "{\"messages\":[{\"id\":\"wamid.c\"}]}";

    @TempDir
    Path dir;
    WireMockServer cloudApi;
    Map<String, String> properties;
    HttpClient http = HttpClient.newHttpClient();
    String apiKey;

    /** The database this run uses, kept across the gateway's restarts within a test: overrides of {@code hsm.db.*}. */
    abstract Map<String, String> database(Path dir);

    @BeforeEach
    void setUp() throws Exception {
        properties = new HashMap<>(database(dir));
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.putIfAbsent("hsm.secrets.key-file", dir.resolve("secrets.key").toString()); // H2: created there
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.delivery.poll-ms", "200");
        properties.put("hsm.delivery.backoff-initial-ms", "200");
        properties.put("hsm.delivery.stale-after-seconds", "3");
    }

    @AfterEach
    void tearDown() {
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Test
    void queuedNotificationsSurviveAKillAndAreSentOnceAfterRestart() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "30")));
        List<String> ids = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            seed(gateway.port());
            for (int i = 0; i < 30; i++) {
                JsonNode answer = notify(gateway.port(), destination(i));
                assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
                ids.add(answer.get("notificationId").asText());
            }
            gateway.kill();
        }
        cloudApi.resetAll();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(OK)));
        // Retry-After held them 30 s; the restarted node is told they are due now
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            makeDue(restarted.port());
            await().atMost(Duration.ofSeconds(30)).until(() -> count(restarted.port(), "SENT") == 30);
        }
        Map<String, Long> perDestination = perDestination();
        assertThat(perDestination).hasSize(30).allSatisfy((destination, times) -> assertThat(times).isEqualTo(1));
    }

    @Test
    void whatWasInFlightAtAKillIsUnknownAndNeverResent() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(5000).withBody(OK)));
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            seed(gateway.port());
            for (int i = 0; i < 10; i++) {
                int n = i;
                CompletableFuture.runAsync(() -> {
                    try {
                        notify(gateway.port(), destination(n));
                    } catch (Exception cutByTheKill) {
                        // expected: the process dies under this request
                    }
                });
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() == 10);
            gateway.kill();
        }
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> count(restarted.port(), "UNKNOWN") == 10);
            await().during(Duration.ofSeconds(1)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() == 10);
            assertThat(count(restarted.port(), "SENT")).isZero();
        }
    }

    @Test
    void sigtermDrainsWhatIsInFlightBeforeExiting() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody(OK)));
        List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            seed(gateway.port());
            for (int i = 0; i < 5; i++) {
                int n = i;
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return notify(gateway.port(), destination(n));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() == 5);
            gateway.terminate();
        }
        for (CompletableFuture<JsonNode> answer : answers) {
            assertThat(answer.get().get("code").asText()).isEqualTo("SUCCESS");
        }
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            assertThat(count(restarted.port(), "SENT")).isEqualTo(5);
        }
    }

    /**
     * A 1,000-record file, most of it waiting for the per-number throttle when the gateway is killed. After the
     * restart every record reached WhatsApp once: sent, or in doubt only if its call had begun at the kill (it reached
     * the stand-in); none is lost waiting for its turn; and the report says which, each line with its notification.
     */
    @Test
    void aFileKilledHalfwayIsFinishedAfterRestartWithNoRecordLostOrSentTwice() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
        Path campaign = dropFolder().resolve("crash").resolve("campaign.csv");
        properties.put("hsm.throttle.per-number", "80"); // records queue up for their turn, as with a real number
        Path tmp = java.nio.file.Files.createDirectories(dir.resolve("tmp"));
        properties.put("java.io.tmpdir", tmp.toString());
        String reportInProgress;
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            seed(gateway.port());
            java.nio.file.Files.writeString(campaign, campaignCsv(1000));
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 200);
            gateway.kill();
            reportInProgress = "hsm-drop-" + gateway.pid() + "-";
        }
        // the killed gateway's report in progress, which it could not delete; the next start does
        assertThat(scratch(tmp, reportInProgress)).isNotEmpty();
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            assertThat(scratch(tmp, reportInProgress)).isEmpty();
            Path report = campaign.resolveSibling(".done").resolve("campaign.csv.report.csv");
            await().atMost(Duration.ofSeconds(120)).until(() -> java.nio.file.Files.exists(report));
            List<String> lines = java.nio.file.Files.readAllLines(report);
            assertThat(lines).hasSize(1001);                 // header + every record, reported
            await().atMost(Duration.ofSeconds(20)).until(() -> count(restarted.port(), "PENDING") == 0);

            Map<String, Long> perDestination = perDestination();
            long sent = pagedCount(restarted.port(), "SENT");
            long unknown = pagedCount(restarted.port(), "UNKNOWN");
            figures("1,000-record file, SIGKILL mid-file with the throttle on", perDestination, sent, unknown);
            assertThat(perDestination.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
            // nothing lost: every record sent, or in doubt because its call had begun at the kill (it may not have
            // reached WhatsApp: killed between its record and its first byte)
            assertThat(sent + unknown).isEqualTo(1000);
            assertThat((long) perDestination.size()).isBetween(sent, sent + unknown);
            // in doubt: no more than the calls in flight at the kill (records sent side by side: hsm.inbox.parallel-records,
            // 64 by default; the number's bucket holds a second's worth of turns, so all of them may be in flight at once)
            assertThat(unknown).isLessThanOrEqualTo(64);
            // and the report says so, every line naming its notification: sent, already sent, or in doubt
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",SUCCESS,") && !l.contains(",DUPLICATE,")
                    && !l.contains(",PROVIDER_TIMEOUT,")).toList()).isEmpty();
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",DUPLICATE,"))
                    .filter(l -> !l.matches(".*,[0-9a-f-]{36}$")).toList()).isEmpty();
        }
    }

    /** The files in {@code folder} whose names start with {@code prefix}. */
    static List<String> scratch(Path folder, String prefix) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith(prefix)).toList();
        }
    }

    /**
     * A 1,000-record file when the gateway is stopped (SIGTERM, as {@code docker stop} or a deploy sends it): the
     * records begun are finished and recorded, the file stays where it was dropped (neither in {@code .error/} nor
     * reported half), and the next start finishes it. Every record reaches WhatsApp once, none is in doubt, and the
     * report names each one's notification. Before, H2's own shutdown hook closed the database under the records
     * still being recorded, and the stop moved the half-sent file to .error/ with no report: nothing said what
     * had been sent, nothing sent the rest.
     */
    @Test
    void aFileStoppedHalfwayIsLeftInPlaceAndFinishedByTheNextStart() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
        Path campaign = stopMidFile(1000, 200, Duration.ofSeconds(20));
        int sentBeforeTheStop = cloudApi.findAll(postRequestedFor(anyUrl())).size();
        assertThat(sentBeforeTheStop).isLessThan(1000);
        assertThat(campaign.resolveSibling(".done")).doesNotExist();
        assertThat(java.nio.file.Files.readString(stopLog())).doesNotContain("Database is already closed")
                .contains("Stopping: crash/campaign.csv stays where it was dropped, for the next start");

        try (GatewayProcess restarted = GatewayProcess.start(properties, stopLog())) {
            Path report = campaign.resolveSibling(".done").resolve("campaign.csv.report.csv");
            await().atMost(Duration.ofSeconds(120)).until(() -> java.nio.file.Files.exists(report));
            List<String> lines = java.nio.file.Files.readAllLines(report);
            assertThat(lines).hasSize(1001);
            Map<String, Long> perDestination = perDestination();
            long sent = pagedCount(restarted.port(), "SENT");
            long unknown = pagedCount(restarted.port(), "UNKNOWN");
            figures("1,000-record file, SIGTERM mid-file after " + sentBeforeTheStop + " calls", perDestination, sent, unknown);
            assertThat(perDestination).hasSize(1000).allSatisfy((destination, times) -> assertThat(times).isEqualTo(1));
            assertThat(sent).isEqualTo(1000);
            assertThat(unknown).isZero();
            // the records taken before the stop are DUPLICATE (with the notification they were sent as), the rest sent
            assertThat(lines.stream().skip(1).filter(l -> l.contains(",DUPLICATE,")).count()).isEqualTo(sentBeforeTheStop);
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",SUCCESS,") && !l.contains(",DUPLICATE,")).toList()).isEmpty();
            assertThat(lines.stream().skip(1).filter(l -> !l.matches(".*,[0-9a-f-]{36}$")).toList()).isEmpty();
            // said of the file itself, not of "an identical file": it is the same one, resumed
            assertThat(lines.stream().skip(1).filter(l -> l.contains(",DUPLICATE,")))
                    .allSatisfy(l -> assertThat(l).contains(",Already taken from this file or an identical one; not sent again.,"));
        }
    }

    /**
     * The same stop while WhatsApp answers slower than the stop's deadline (camel.main.shutdownTimeout, 6 s): the
     * calls cut by the deadline are in doubt, but the file is still left in place, never moved to .error/ as a file
     * that failed, and the next start finishes it with nothing sent twice.
     */
    @Test
    void aFileWhoseStopOutlastsTheDeadlineIsStillLeftForTheNextStart() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(8000).withBody(OK)));
        Path campaign = stopMidFile(200, 10, Duration.ofSeconds(30));
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(OK))); // the newest stub answers
        try (GatewayProcess restarted = GatewayProcess.start(properties, stopLog())) {
            Path report = campaign.resolveSibling(".done").resolve("campaign.csv.report.csv");
            await().atMost(Duration.ofSeconds(60)).until(() -> java.nio.file.Files.exists(report));
            List<String> lines = java.nio.file.Files.readAllLines(report);
            assertThat(lines).hasSize(201);
            Map<String, Long> perDestination = perDestination();
            long inDoubt = lines.stream().skip(1).filter(l -> l.contains(",PROVIDER_TIMEOUT,")).count();
            long sent = pagedCount(restarted.port(), "SENT");
            long unknown = pagedCount(restarted.port(), "UNKNOWN");
            figures("200-record file, SIGTERM past the stop's deadline, " + inDoubt + " reported in doubt", perDestination,
                    sent, unknown);
            assertThat(perDestination).hasSize(200).allSatisfy((destination, times) -> assertThat(times).isEqualTo(1));
            // in doubt: the calls cut by the deadline, no more than the records in flight (hsm.inbox.parallel-records)
            assertThat(inDoubt).isBetween(1L, 64L).isEqualTo(unknown);
            assertThat(sent + unknown).isEqualTo(200);
            assertThat(lines.stream().skip(1).filter(l -> !l.contains(",SUCCESS,") && !l.contains(",PROVIDER_TIMEOUT,")).toList()).isEmpty();
            assertThat(lines.stream().skip(1).filter(l -> !l.matches(".*,[0-9a-f-]{36}$")).toList()).isEmpty();
        }
    }

    /**
     * REST callers with Idempotency-Key, 40 at a time, most waiting for the throttle at the kill; then every request
     * sent again with its key. Each key ends sent once (SUCCESS) or in doubt with its notification id (its call had
     * begun), never "still being processed" for a notification nothing processes.
     */
    @Test
    void restCallersWithIdempotencyKeysAfterAKillAreToldTheTruthAndNothingIsLost() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
        properties.put("hsm.throttle.per-number", "80");
        properties.put("hsm.rest.answer-within-ms", "20000"); // the resent burst waits for its turn: answers, not IN_PROGRESS
        int requests = 400;
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(40);
        try {
            try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
                seed(gateway.port());
                for (int i = 0; i < requests; i++) {
                    int n = i;
                    callers.submit(() -> notifyWithKey(gateway.port(), destination(n), "key-" + n));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 120);
                gateway.kill();
            }
            callers.shutdownNow();
            callers = java.util.concurrent.Executors.newFixedThreadPool(40);
            try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
                List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
                for (int i = 0; i < requests; i++) {
                    int n = i;
                    java.util.concurrent.ExecutorService pool = callers;
                    answers.add(CompletableFuture.supplyAsync(() -> notifyWithKey(restarted.port(), destination(n), "key-" + n), pool));
                }
                Map<String, Long> codes = answers.stream().map(CompletableFuture::join)
                        .collect(Collectors.groupingBy(a -> a.path("code").asText(), Collectors.counting()));
                Map<String, Long> perDestination = perDestination();
                long sent = pagedCount(restarted.port(), "SENT");
                long unknown = pagedCount(restarted.port(), "UNKNOWN");
                figures("400 REST requests with Idempotency-Key, SIGKILL, all resent: " + codes, perDestination, sent, unknown);
                assertThat(perDestination.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
                assertThat(sent + unknown).isEqualTo(requests);
                assertThat((long) perDestination.size()).isBetween(sent, sent + unknown);
                assertThat(codes.keySet()).isSubsetOf("SUCCESS", "PROVIDER_TIMEOUT");
                assertThat(codes.getOrDefault("PROVIDER_TIMEOUT", 0L)).isEqualTo(unknown).isLessThanOrEqualTo(40);
                assertThat(answers).allSatisfy(a -> assertThat(a.join().path("notificationId").asText()).isNotEmpty());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aJmsBurstKilledHalfwayEndsWithEveryMessageSentOnceOrReported() throws Exception {
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(15).withBody(OK)));
        int brokerPort = Gateway.freePort();
        properties.put("hsm.jms.enabled", "true");
        properties.put("hsm.jms.embedded-acceptor", "tcp://127.0.0.1:" + brokerPort + "?protocols=CORE");
        properties.put("hsm.jms.data-dir", dir.resolve("broker").toString());
        properties.put("hsm.throttle.per-number", "80");
        int burst = 200;
        try (GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            seed(gateway.port());
            try (var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
                 jakarta.jms.Connection connection = factory.createConnection()) {
                jakarta.jms.Session session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageProducer producer = session.createProducer(session.createQueue("hsm.notifications"));
                for (int i = 0; i < burst; i++) {
                    jakarta.jms.TextMessage message = session.createTextMessage(
                            "{\"templateId\":\"7\",\"destination\":\"" + destination(i) + "\",\"params\":{}}");
                    message.setStringProperty("websiteId", "crash");
                    message.setStringProperty("apikey", apiKey);
                    producer.send(message);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= 60);
            gateway.kill();
        }
        try (GatewayProcess restarted = GatewayProcess.start(properties, Path.of("target", "crash-safety-gateway.log"))) {
            await().atMost(Duration.ofSeconds(90)).until(() ->
                    pagedCount(restarted.port(), "SENT") + pagedCount(restarted.port(), "UNKNOWN") == burst);
            Map<String, Long> perDestination = perDestination();
            long sent = pagedCount(restarted.port(), "SENT");
            long unknown = pagedCount(restarted.port(), "UNKNOWN");
            figures("200-message JMS burst, SIGKILL halfway", perDestination, sent, unknown);
            assertThat(perDestination.values()).allSatisfy(times -> assertThat(times).isEqualTo(1));
            // nothing lost: every message sent, or in doubt because its call had begun at the kill
            assertThat((long) perDestination.size()).isBetween(sent, sent + unknown);
            // in doubt: no more than the calls in flight at the kill (hsm.jms.concurrent-consumers, 64 by default)
            assertThat(unknown).isLessThanOrEqualTo(64);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The drop folder, polled often, with the website's folder made. */
    Path dropFolder() throws Exception {
        Path inbox = dir.resolve("inbox");
        properties.put("hsm.inbox.dir", inbox.toString());
        properties.put("hsm.inbox.poll-delay-ms", "200");
        properties.put("hsm.inbox.stable-ms", "300");
        java.nio.file.Files.createDirectories(inbox.resolve("crash"));
        return inbox;
    }

    /**
     * Drops a campaign of {@code records}, lets {@code callsFirst} of them reach WhatsApp, then stops the gateway
     * (SIGTERM) and checks the file is where it was dropped, not in .error/.
     * @return the campaign's path
     */
    Path stopMidFile(int records, int callsFirst, Duration grace) throws Exception {
        Path campaign = dropFolder().resolve("crash").resolve("campaign.csv");
        java.nio.file.Files.deleteIfExists(stopLog());
        try (GatewayProcess gateway = GatewayProcess.start(properties, stopLog())) {
            seed(gateway.port());
            java.nio.file.Files.writeString(campaign, campaignCsv(records));
            await().atMost(Duration.ofSeconds(60)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() >= callsFirst);
            assertThat(gateway.terminateWithin(grace)).as("stopped within " + grace).isTrue();
        }
        assertThat(campaign).exists();
        assertThat(campaign.resolveSibling(".error")).doesNotExist();
        return campaign;
    }

    /** A log of the stop tests' own (the restart's too), to read what the stopped gateway said. */
    Path stopLog() {
        return Path.of("target", "crash-safety-stop-" + getClass().getSimpleName() + ".log");
    }

    static String campaignCsv(int records) {
        StringBuilder csv = new StringBuilder("templateId,destination\n");
        for (int i = 0; i < records; i++) {
            csv.append("7,").append(destination(i)).append('\n');
        }
        return csv.toString();
    }

    /** How many times the Cloud API stand-in received a message for each destination. */
    Map<String, Long> perDestination() {
        return cloudApi.findAll(postRequestedFor(anyUrl())).stream()
                .collect(Collectors.groupingBy(CrashSafetyContract::destinationOf, Collectors.counting()));
    }

    /** One line for the build log: what WhatsApp received against what the database says. */
    void figures(String scenario, Map<String, Long> perDestination, long sent, long unknown) {
        long received = perDestination.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("[%s] %s: received %d (%d distinct, %d duplicates), SENT %d, UNKNOWN %d%n",
                getClass().getSimpleName(), scenario, received, perDestination.size(), received - perDestination.size(),
                sent, unknown);
    }

    long pagedCount(int port, String status) throws Exception {
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

    static String destination(int i) {
        return "5429948439" + String.format("%02d", i);
    }

    static String destinationOf(LoggedRequest request) {
        try {
            return JSON.readTree(request.getBodyAsString()).get("to").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/crash", "{\"name\":\"c\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        admin(port, "PUT", "/admin/websites/crash/templates/7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        apiKey = JSON.readTree(admin(port, "POST", "/admin/websites/crash/apikeys", null).body()).get("apikey").asText();
    }

    JsonNode notify(int port, String destination) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/website/crash/hsm/notifications"))
                .header("apikey", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"templateId\":\"7\",\"destination\":\"" + destination + "\",\"params\":{}}")).build();
        return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The caller's answer; a gateway killed mid-request leaves an empty one (the connection closed). */
    JsonNode notifyWithKey(int port, String destination, String key) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/website/crash/hsm/notifications"))
                    .header("apikey", apiKey).header("Content-Type", "application/json").header("Idempotency-Key", key)
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"templateId\":\"7\",\"destination\":\"" + destination + "\",\"params\":{}}")).build();
            return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (Exception killed) {
            return JSON.createObjectNode();
        }
    }

    long count(int port, String status) throws Exception {
        return JSON.readTree(admin(port, "GET", "/admin/notifications?websiteId=crash&status=" + status + "&limit=500", null)
                .body()).size();
    }

    /** Operator's move after an outage: queued notifications are due now (direct SQL would do the same). */
    void makeDue(int port) throws Exception {
        JsonNode due = JSON.readTree(admin(port, "POST", "/admin/notifications/retry-now?websiteId=crash", null).body());
        assertThat(due.get("due").asInt()).isEqualTo(30);
    }

    HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
