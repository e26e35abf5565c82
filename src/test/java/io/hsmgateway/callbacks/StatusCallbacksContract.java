package io.hsmgateway.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.DebugLogging;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Status callbacks end to end: a real gateway (admin token, its own database), WireMock on loopback as the website's
 * receiver, callbacks queued as the webhook applier queues them (sql/callbacks/enqueue.sql over JDBC). Run on H2 and
 * on PostgreSQL: the worker's SQL (claim, record, stale release, orphans) must behave alike on both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StatusCallbacksContract {

    static final int MAX_ATTEMPTS = 3;
    static final long BACKOFF_INITIAL_MS = 400;
    /** Generous: this machine may be busy, and a receiver's first answers come slowly (its JVM warms up). */
    static final long TIMEOUT_MS = 3000;
    static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer receiver;
    Map<String, String> properties;
    Gateway gateway;
    CallbackRows rows;
    MeterRegistry meters;

    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        // answers as they are, not gzipped: a dribbled answer is sent as it is dribbled
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").gzipDisabled(true));
        receiver.start();
        properties = Gateway.defaults(); // media hosts (and so callback hosts) on loopback allowed
        properties.putAll(database());
        properties.put("hsm.callbacks.poll-ms", "100");
        properties.put("hsm.callbacks.timeout-ms", String.valueOf(TIMEOUT_MS));
        properties.put("hsm.callbacks.max-attempts", String.valueOf(MAX_ATTEMPTS));
        properties.put("hsm.callbacks.backoff-initial-ms", String.valueOf(BACKOFF_INITIAL_MS));
        properties.put("hsm.callbacks.backoff-max-ms", String.valueOf(2 * BACKOFF_INITIAL_MS));
        properties.put("hsm.callbacks.stale-after-seconds", "10");
        gateway = Gateway.start(properties);
        rows = new CallbackRows(gateway);
        warmUp();
        meters = gateway.context().getRegistry().findSingleByType(MeterRegistry.class);
    }

    /** One callback through, so that neither side's first-use costs (class loading, pools) count against a test. */
    private void warmUp() throws Exception {
        String websiteId = website();
        setCallback(websiteId);
        CallbackRows.Queued queued = rows.enqueue(websiteId, "SENT");
        await().atMost(Duration.ofSeconds(30)).until(() -> rows.state(queued.id()).equals("DELIVERED"));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        receiver.stop();
    }

    @Test
    void aQueuedCallbackIsPostedAsQueuedSignedWithTheSecretShownOnce() throws Exception {
        String websiteId = website();
        String secret = setCallback(websiteId);
        double delivered = count("delivered");

        CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");

        LoggedRequest received = awaitRequests(websiteId, 1).get(0);
        byte[] body = queued.payload().getBytes(StandardCharsets.UTF_8);
        assertThat(received.getBody()).isEqualTo(body);
        assertThat(received.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(received.getHeader("X-Hsm-Callback-Id")).isEqualTo(queued.id());
        assertThat(received.getHeader("X-Hsm-Signature-256")).isEqualTo("sha256=" + hmacSha256Hex(secret, body));
        await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(queued.id()).equals("DELIVERED"));
        assertThat(rows.row(queued.id())).containsEntry("attempts", 1);
        assertThat(count("delivered")).isEqualTo(delivered + 1);
        // stored encrypted, never shown again
        assertThat(rows.storedSecret(websiteId)).startsWith("v1:").doesNotContain(secret);
        assertThat(gateway.admin("GET", "/admin/websites/" + websiteId + "/callback", null).body()).doesNotContain(secret);
        assertThat(gateway.admin("GET", "/admin/callbacks?websiteId=" + websiteId, null).body()).doesNotContain(secret);
    }

    @Test
    void twoFailuresThenSuccessIsDeliveredOnTheThirdAttemptAfterTheBackoff() throws Exception {
        String websiteId = website();
        String path = path(websiteId);
        receiver.stubFor(post(urlEqualTo(path)).inScenario(websiteId).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(websiteId).whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("failed twice"));
        receiver.stubFor(post(urlEqualTo(path)).inScenario(websiteId).whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(200)));
        setCallback(websiteId);
        double retries = count("retry");

        CallbackRows.Queued queued = rows.enqueue(websiteId, "READ");

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(queued.id()).equals("DELIVERED"));
        Map<String, Object> row = rows.row(queued.id());
        assertThat(row).containsEntry("attempts", 3);
        assertThat(row.get("last_error")).isNull();
        List<LoggedRequest> attempts = requests(websiteId);
        assertThat(attempts).hasSize(3).allSatisfy(r -> assertThat(r.getHeader("X-Hsm-Callback-Id")).isEqualTo(queued.id()));
        // exponential with jitter: at least half of 400 ms, then at least half of 800 ms
        assertThat(gapMs(attempts, 0)).isGreaterThanOrEqualTo(BACKOFF_INITIAL_MS / 2);
        assertThat(gapMs(attempts, 1)).isGreaterThanOrEqualTo(BACKOFF_INITIAL_MS);
        assertThat(count("retry")).isEqualTo(retries + 2);
    }

    @Test
    void aReceiverThatAlwaysFailsMakesADeadCallbackListedAndReplayable() throws Exception {
        String websiteId = website();
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(500).withBody("boom")));
        double dead = count("dead");
        try (LogCapture log = LogCapture.start(); DebugLogging debug = DebugLogging.of(CallbackQueue.class)) {
            String secret = setCallback(websiteId);

            CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");

            await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(queued.id()).equals("DEAD"));
            assertThat(requests(websiteId)).hasSize(MAX_ATTEMPTS);
            assertThat(rows.row(queued.id())).containsEntry("attempts", MAX_ATTEMPTS)
                    .containsEntry("last_error", "the callback URL answered HTTP 500 (after 3 attempts)");
            assertThat(count("dead")).isEqualTo(dead + 1);

            HttpResponse<String> listed = gateway.admin("GET", "/admin/callbacks?state=DEAD&websiteId=" + websiteId, null);
            assertThat(listed.statusCode()).isEqualTo(200);
            JsonNode deadLetters = Gateway.json(listed);
            assertThat(deadLetters).hasSize(1);
            assertThat(deadLetters.at("/0/id").asText()).isEqualTo(queued.id());
            assertThat(deadLetters.at("/0/state").asText()).isEqualTo("DEAD");
            assertThat(deadLetters.at("/0/attempts").asInt()).isEqualTo(MAX_ATTEMPTS);
            assertThat(deadLetters.at("/0/payload/callbackId").asText()).isEqualTo(queued.id());
            assertThat(Gateway.json(gateway.admin("GET", "/admin/callbacks?state=DUE&websiteId=" + websiteId, null))).isEmpty();

            receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(204)));
            HttpResponse<String> replayed = gateway.admin("POST", "/admin/callbacks/" + queued.id() + "/replay", null);

            assertThat(replayed.statusCode()).isEqualTo(200);
            assertThat(Gateway.json(replayed).get("attempts").asInt()).isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(queued.id()).equals("DELIVERED"));
            assertThat(requests(websiteId)).hasSize(MAX_ATTEMPTS + 1);
            assertThat(rows.row(queued.id())).containsEntry("attempts", 1);

            String logged = log.text();
            assertThat(logged).contains("Status callback " + queued.id() + " of website " + websiteId
                    + " not delivered after 3 attempts, now dead");
            assertThat(logged).doesNotContain(secret).doesNotContain(rows.storedSecret(websiteId));
        }
    }

    @Test
    void aSlowReceiverIsAFailedAttemptWithinTheTimeout() throws Exception {
        String websiteId = website();
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(200).withFixedDelay(2 * (int) TIMEOUT_MS)));
        setCallback(websiteId);

        CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");

        awaitRequests(websiteId, 1);
        long asked = System.nanoTime();
        // the answer would come twice the timeout after the request: the attempt has failed well before it
        Duration within = Duration.ofMillis(TIMEOUT_MS + TIMEOUT_MS / 2);
        await().atMost(within).until(() -> ((Number) rows.row(queued.id()).get("attempts")).intValue() >= 1);
        assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(within);
        assertThat(rows.row(queued.id()).get("last_error"))
                .isEqualTo("the callback URL did not answer within " + TIMEOUT_MS + " ms");
        assertThat(rows.state(queued.id())).isNotEqualTo("DELIVERED");
    }

    @Test
    void aReceiversAnswerIsReadNoFurtherThanAFewKilobytes() throws Exception {
        String websiteId = website();
        // a long answer that takes four times the timeout to come: read to its end, it would fail the POST
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(1_000_000)).withChunkedDribbleDelay(100, 4 * (int) TIMEOUT_MS)));
        setCallback(websiteId);

        CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");

        awaitRequests(websiteId, 1);
        await().atMost(Duration.ofMillis(TIMEOUT_MS)).until(() -> rows.state(queued.id()).equals("DELIVERED"));
        assertThat(rows.row(queued.id())).containsEntry("attempts", 1);
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        String websiteId = website();
        String elsewhere = path(websiteId) + "/elsewhere";
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(307)
                .withHeader("Location", receiver.baseUrl() + elsewhere)));
        receiver.stubFor(post(urlEqualTo(elsewhere)).willReturn(aResponse().withStatus(200)));
        setCallback(websiteId);

        CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.row(queued.id()).get("last_error") != null);
        assertThat(rows.row(queued.id()).get("last_error"))
                .isEqualTo("the callback URL answered HTTP 307 (redirects are not followed)");
        receiver.verify(0, anyRequestedFor(urlEqualTo(elsewhere)));
    }

    @Test
    void twoNodesOnOneDatabaseNeverSendOneCallbackTwice() throws Exception {
        String websiteId = website();
        setCallback(websiteId);
        Map<String, String> second = Gateway.defaults(); // its own ports, broker and management port
        for (String shared : new String[] {"hsm.db.url", "hsm.db.user", "hsm.db.password", "hsm.secrets.key",
                "hsm.callbacks.poll-ms", "hsm.callbacks.timeout-ms", "hsm.callbacks.max-attempts",
                "hsm.callbacks.backoff-initial-ms", "hsm.callbacks.backoff-max-ms", "hsm.callbacks.stale-after-seconds"}) {
            if (properties.containsKey(shared)) {
                second.put(shared, properties.get(shared));
            }
        }
        try (Gateway other = Gateway.start(second)) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                ids.add(rows.enqueue(websiteId, "DELIVERED").id());
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream().allMatch(id -> rows.state(id).equals("DELIVERED")));
            Map<String, Long> sends = requests(websiteId).stream()
                    .collect(Collectors.groupingBy(r -> r.getHeader("X-Hsm-Callback-Id"), Collectors.counting()));
            assertThat(sends.keySet()).containsExactlyInAnyOrderElementsOf(ids);
            // each attempt recorded was made once, by one node (an attempt that timed out on a busy machine and was
            // made again is two attempts, both recorded)
            assertThat(ids).allSatisfy(id -> assertThat(sends.get(id)).as(id)
                    .isEqualTo(((Number) rows.row(id).get("attempts")).longValue()));
        }
    }

    @Test
    void aCallbackLeftSendingByADeadNodeIsSentAgain() throws Exception {
        String websiteId = website();
        setCallback(websiteId);

        CallbackRows.Queued stale = rows.leftSending(websiteId, 10);
        CallbackRows.Queued recent = rows.leftSending(websiteId, 0);

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(stale.id()).equals("DELIVERED"));
        assertThat(requests(websiteId)).hasSize(1);
        assertThat(requests(websiteId).get(0).getBodyAsString()).isEqualTo(stale.payload());
        // one within hsm.callbacks.stale-after-seconds may still be on its way: left alone until then
        assertThat(rows.state(recent.id())).isEqualTo("SENDING");
    }

    @Test
    void removingTheUrlEndsWhatWasQueuedDeadAndQueuesNothingMore() throws Exception {
        String websiteId = website();
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(500)));
        setCallback(websiteId);
        CallbackRows.Queued queued = rows.enqueue(websiteId, "DELIVERED");
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) rows.row(queued.id()).get("attempts")).intValue() >= 1);

        assertThat(gateway.admin("DELETE", "/admin/websites/" + websiteId + "/callback", null).statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.state(queued.id()).equals("DEAD"));
        assertThat((String) rows.row(queued.id()).get("last_error")).contains("callback URL");
        int attempts = requests(websiteId).size();
        assertThat(rows.enqueue(websiteId, "READ")).as("queued for a website without a URL").isNull();
        assertThat(gateway.admin("GET", "/admin/websites/" + websiteId + "/callback", null).statusCode()).isEqualTo(404);
        assertThat(rows.storedSecret(websiteId)).isNull();
        assertThat(requests(websiteId)).hasSize(attempts);
    }

    @Test
    void deletingTheWebsiteDeletesItsCallbacks() throws Exception {
        String websiteId = website();
        receiver.stubFor(post(urlEqualTo(path(websiteId))).willReturn(aResponse().withStatus(500)));
        setCallback(websiteId);
        rows.enqueue(websiteId, "DELIVERED");
        rows.enqueue(websiteId, "READ");
        assertThat(rows.count(websiteId)).isEqualTo(2);

        assertThat(gateway.admin("DELETE", "/admin/websites/" + websiteId, null).statusCode()).isEqualTo(204);

        assertThat(rows.count(websiteId)).isZero();
    }

    // --- helpers

    String website() throws Exception {
        String websiteId = "cb" + WEBSITES.incrementAndGet();
        gateway.website(websiteId, "1", "t");
        receiver.stubFor(post(urlEqualTo(path(websiteId))).atPriority(10).willReturn(aResponse().withStatus(200)));
        return websiteId;
    }

    /** PUT the website's callback URL (its own path on the receiver); returns the secret, shown this once. */
    String setCallback(String websiteId) throws Exception {
        HttpResponse<String> put = gateway.admin("PUT", "/admin/websites/" + websiteId + "/callback",
                "{\"url\":\"" + receiver.baseUrl() + path(websiteId) + "\"}");
        assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
        return Gateway.json(put).get("secret").asText();
    }

    static String path(String websiteId) {
        return "/hooks/" + websiteId;
    }

    List<LoggedRequest> requests(String websiteId) {
        List<LoggedRequest> found = new ArrayList<>(receiver.findAll(postRequestedFor(urlPathEqualTo(path(websiteId)))));
        found.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
        return found;
    }

    List<LoggedRequest> awaitRequests(String websiteId, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> requests(websiteId).size() >= count);
        return requests(websiteId);
    }

    static long gapMs(List<LoggedRequest> requests, int after) {
        return requests.get(after + 1).getLoggedDate().getTime() - requests.get(after).getLoggedDate().getTime();
    }

    double count(String result) {
        Counter counter = meters.find("hsm.callbacks").tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    static String hmacSha256Hex(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }
}
