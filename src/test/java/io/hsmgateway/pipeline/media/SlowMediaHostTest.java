package io.hsmgateway.pipeline.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A slow media host costs only its own requests (issue 8, item 2): a host that trickles one header line at
 * a time is cut at {@code hsm.media.probe-timeout-ms} for the whole probe, probes run on a bounded pool of
 * their own, and no link waits on another. Few worker threads, so exhausting them takes few requests.
 * The deadline is a time, and is checked as one; "not delayed by the slow hosts" is checked as an order: answered
 * while every slow probe is still held open by its host.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowMediaHostTest {

    static final long DEADLINE_MS = 3000;
    static final int WORKER_THREADS = 8;
    static final int PROBE_THREADS = 4;
    static final String DID_NOT_ANSWER = "the link's host did not answer in time";
    static final Duration TRICKLE = Duration.ofMillis(500);
    private static final AtomicInteger LINKS = new AtomicInteger();

    WireMockServer cloudApi;
    HostileMediaHost mediaHost;
    Gateway gateway;
    String imageKey;
    String textKey;
    final ExecutorService callers = Executors.newCachedThreadPool();

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.x\"}]}")));
        mediaHost = new HostileMediaHost();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.http.worker-threads", String.valueOf(WORKER_THREADS));
        properties.put("hsm.media.probe-threads", String.valueOf(PROBE_THREADS));
        properties.put("hsm.media.probe-timeout-ms", String.valueOf(DEADLINE_MS));
        gateway = Gateway.start(properties);
        imageKey = gateway.website("campaigns", "1", "t1");
        gateway.template("campaigns", "20", "{\"name\":\"promo\",\"language\":\"es\",\"type\":\"IMAGE\",\"variables\":[]}");
        textKey = gateway.website("other", "2", "t2");
        gateway.template("other", "7", "{\"name\":\"hello\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        // the latencies below are a warm gateway's: the first of each kind of request pays for class loading
        mediaHost.answer("/warm-up.jpg", HostileMediaHost.media("image/jpeg", 1000));
        assertThat(Gateway.json(notifyImage(mediaHost.link("/warm-up.jpg")).response).get("code").asText()).isEqualTo("SUCCESS");
        assertThat(Gateway.json(notifyText().response).get("code").asText()).isEqualTo("SUCCESS");
    }

    @AfterAll
    void stop() throws Exception {
        callers.shutdownNow();
        gateway.close();
        mediaHost.close();
        cloudApi.stop();
    }

    @Test
    void aTricklingHostIsCutAtTheDeadlineAndItsConnectionClosed() throws Exception {
        String path = slowLink();

        Timed answer = notifyImage(mediaHost.link(path));

        assertThat(answer.millis).isBetween(DEADLINE_MS - 100, DEADLINE_MS + 1500);
        assertThat(answer.response.statusCode()).as(answer.response.body()).isEqualTo(400);
        JsonNode body = Gateway.json(answer.response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_MEDIA_LINK");
        assertThat(body.at("/result/reason").asText()).isEqualTo(DID_NOT_ANSWER);
        // the probe is aborted, not merely abandoned: the gateway hangs up on the host at the deadline
        HostileMediaHost.Visit visit = mediaHost.visits(path).get(0);
        await().atMost(Duration.ofSeconds(5)).until(visit::closed);
        assertThat(visit.openMillis()).as("how long the host was held").isLessThan(DEADLINE_MS + 1000);
    }

    @Test
    void moreSlowHostsThanProbeThreadsDelayNoOtherWebsite() throws Exception {
        int slowRequests = WORKER_THREADS + PROBE_THREADS;
        List<String> paths = new ArrayList<>();
        List<CompletableFuture<Timed>> slow = new ArrayList<>();
        for (int i = 0; i < slowRequests; i++) {
            String path = slowLink();
            paths.add(path);
            slow.add(CompletableFuture.supplyAsync(() -> notifyImage(mediaHost.link(path)), callers));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> visitsTo(paths) >= PROBE_THREADS);

        Timed text = notifyText();

        assertStillProbing(paths); // another website's TEXT request waited for none of them
        assertThat(Gateway.json(text.response).get("code").asText()).isEqualTo("SUCCESS");

        int cutAtDeadline = 0;
        int refusedAsBusy = 0;
        for (CompletableFuture<Timed> request : slow) {
            Timed answer = request.get(30, TimeUnit.SECONDS);
            JsonNode body = Gateway.json(answer.response);
            assertThat(answer.millis).as(answer.response.body()).isLessThan(DEADLINE_MS + 1500);
            if (answer.response.statusCode() == 503) {
                assertThat(body.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(body.at("/result/reason").asText()).isEqualTo("too many media links are being checked right now");
                refusedAsBusy++;
            } else {
                assertThat(answer.response.statusCode()).as(answer.response.body()).isEqualTo(400);
                assertThat(body.at("/result/reason").asText()).isEqualTo(DID_NOT_ANSWER);
                cutAtDeadline++;
            }
        }
        assertThat(cutAtDeadline).as("probes that ran").isEqualTo(PROBE_THREADS);
        assertThat(refusedAsBusy).as("requests refused while every probe thread was busy").isEqualTo(slowRequests - PROBE_THREADS);
        assertThat(visitsTo(paths)).as("hosts contacted").isEqualTo(PROBE_THREADS);
    }

    @Test
    void aFastMediaHostIsNotDelayedBySlowOnes() throws Exception {
        List<String> paths = new ArrayList<>();
        List<CompletableFuture<Timed>> slow = new ArrayList<>();
        for (int i = 0; i < PROBE_THREADS - 1; i++) {
            String path = slowLink();
            paths.add(path);
            slow.add(CompletableFuture.supplyAsync(() -> notifyImage(mediaHost.link(path)), callers));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> visitsTo(paths) == PROBE_THREADS - 1);
        String fast = "/fast-" + LINKS.incrementAndGet() + ".jpg";
        mediaHost.answer(fast, HostileMediaHost.media("image/jpeg", 1000));

        Timed image = notifyImage(mediaHost.link(fast));
        Timed text = notifyText();

        assertStillProbing(paths); // media on a fast host, and a TEXT request, waited for none of them
        assertThat(slow).noneMatch(CompletableFuture::isDone);
        assertThat(Gateway.json(image.response).get("code").asText()).isEqualTo("SUCCESS");
        assertThat(Gateway.json(text.response).get("code").asText()).isEqualTo("SUCCESS");
        for (CompletableFuture<Timed> request : slow) {
            assertThat(Gateway.json(request.get(30, TimeUnit.SECONDS).response).at("/result/reason").asText())
                    .isEqualTo(DID_NOT_ANSWER);
        }
    }

    @Test
    void unrelatedLinksNeverWaitOnEachOtherInTheProbeCache() throws Exception {
        // equal hash codes: the same bin of the cache's map, where a probe run inside compute() would block the other
        String slow = "/bin-" + LINKS.incrementAndGet() + "/Aa.jpg";
        String fast = slow.replace("Aa", "BB");
        assertThat(mediaHost.link(fast).hashCode()).isEqualTo(mediaHost.link(slow).hashCode());
        mediaHost.answer(slow, HostileMediaHost.trickle(TRICKLE));
        mediaHost.answer(fast, HostileMediaHost.media("image/png", 1000));
        CompletableFuture<Timed> slowRequest = CompletableFuture.supplyAsync(() -> notifyImage(mediaHost.link(slow)), callers);
        await().atMost(Duration.ofSeconds(5)).until(() -> !mediaHost.visits(slow).isEmpty());

        Timed answer = notifyImage(mediaHost.link(fast));

        assertStillProbing(List.of(slow)); // the fast link did not wait for the slow one's probe to end
        assertThat(slowRequest).isNotDone();
        assertThat(Gateway.json(answer.response).get("code").asText()).isEqualTo("SUCCESS");
        assertThat(Gateway.json(slowRequest.get(30, TimeUnit.SECONDS).response).at("/result/reason").asText())
                .isEqualTo(DID_NOT_ANSWER);
    }

    @Test
    void aFragmentStaysOffTheProbeAndTheLinkReachesWhatsAppAsGiven() throws Exception {
        String path = "/fragment-" + LINKS.incrementAndGet() + ".jpg";
        mediaHost.answer(path, HostileMediaHost.media("image/jpeg", 1000));
        String link = mediaHost.link(path) + "#page=2";

        Timed answer = notifyImage(link);

        assertThat(mediaHost.visits()).filteredOn(v -> v.requestLine.contains(path))
                .extracting(v -> v.requestLine).containsExactly("HEAD " + path + " HTTP/1.1");
        assertThat(Gateway.json(answer.response).get("code").asText()).as(answer.response.body()).isEqualTo("SUCCESS");
        cloudApi.verify(1, postRequestedFor(anyUrl()).withRequestBody(equalToJson(
                "{\"template\":{\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":"
                        + "{\"link\":\"" + link + "\"}}]}]}}", true, true)));
    }

    // ---------------------------------------------------------------- helpers

    record Timed(HttpResponse<String> response, long millis) {
    }

    /** A fresh path on the media host that trickles its answer. */
    String slowLink() {
        String path = "/slow-" + LINKS.incrementAndGet() + ".jpg";
        mediaHost.answer(path, HostileMediaHost.trickle(TRICKLE));
        return path;
    }

    /**
     * Every probe of these trickling links is still held open by its host (they end only at the deadline, 3 s):
     * whatever has been answered meanwhile waited for none of them. An order of events, not a stopwatch.
     */
    void assertStillProbing(List<String> paths) {
        assertThat(mediaHost.visits()).filteredOn(v -> paths.contains(v.target()))
                .isNotEmpty()
                .allSatisfy(v -> assertThat(v.closed()).as("%s closed after %d ms", v.target(), v.openMillis()).isFalse());
    }

    long visitsTo(List<String> paths) {
        return mediaHost.visits().stream().filter(v -> paths.contains(v.target())).count();
    }

    Timed notifyImage(String link) {
        return timed("campaigns", imageKey, "{\"templateId\":\"20\",\"destination\":\"542994843975\",\"params\":{},"
                + "\"media\":{\"link\":\"" + link + "\"}}");
    }

    Timed notifyText() {
        return timed("other", textKey, "{\"templateId\":\"7\",\"destination\":\"542994843976\",\"params\":{}}");
    }

    private Timed timed(String websiteId, String apiKey, String body) {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = gateway.notify(websiteId, apiKey, body);
            return new Timed(response, (System.nanoTime() - started) / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
