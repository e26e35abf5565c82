package io.hsmgateway.observe;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real gateway, WireMock as the Cloud API and as a media host: notifications that succeed, are refused, fail
 * with a WhatsApp code (a dead letter), are queued, and two of an image whose link is probed once; then
 * {@code /observe/metrics} on the management port, scraped as Prometheus does (plain HTTP), shows exactly those.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusMetricsTest {

    private static final String UNDELIVERABLE = "549110000026";
    private static final String UNAVAILABLE = "549110000503";
    private static final String OK = "542994843975";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private WireMockServer cloudApi;
    private WireMockServer mediaHost;
    private Gateway gateway;
    private int managementPort;
    private String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        cloudApi.stubFor(post(anyUrl()).atPriority(1).withRequestBody(matchingJsonPath("$.to", equalTo(UNDELIVERABLE)))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"code\":131026,\"message\":\"Message undeliverable\"}}")));
        cloudApi.stubFor(post(anyUrl()).atPriority(1).withRequestBody(matchingJsonPath("$.to", equalTo(UNAVAILABLE)))
                .willReturn(aResponse().withStatus(503)));
        mediaHost = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        mediaHost.start();
        mediaHost.stubFor(head(urlEqualTo("/pic.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withHeader("Content-Length", "1000")));

        Map<String, String> properties = Gateway.defaults(cloudApi);
        // a 503 is queued at once, and stays queued (RETRYING) while the test runs
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.backoff-initial-ms", "600000");
        gateway = Gateway.start(properties);
        managementPort = Integer.parseInt(properties.get("hsm.management.port"));
        apiKey = gateway.website("w", "100200300", "token");
        gateway.template("w", "1", CloudApiStub.TEXT_TEMPLATE);
        gateway.template("w", "2", "{\"name\":\"pic\",\"language\":\"es\",\"type\":\"IMAGE\",\"variables\":[]}");

        expect(send("1", OK, null), "SUCCESS");
        expect(send("1", OK, null), "SUCCESS");
        expect(send("99", OK, null), "NOT_FOUND");
        expect(send("1", UNDELIVERABLE, null), "PROVIDER_ERROR");
        expect(send("1", UNAVAILABLE, null), "QUEUED");
        String picture = mediaHost.baseUrl() + "/pic.jpg";
        expect(send("2", OK, picture), "SUCCESS");
        expect(send("2", OK, picture), "SUCCESS");
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/pic.jpg")));
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
        if (mediaHost != null) {
            mediaHost.stop();
        }
    }

    @Test
    void theEndpointServesPrometheusTextOnTheManagementPortOnly() throws Exception {
        HttpResponse<String> scrape = scrape();
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(scrape.body()).contains("# TYPE hsm_notifications_total counter");

        HttpResponse<String> publicPort = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/observe/metrics")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(publicPort.statusCode()).isEqualTo(404);
    }

    @Test
    void notificationsAreCountedOnceByDoorTemplateTypeAndCode() throws Exception {
        assertThat(series()).contains(
                "hsm_notifications_total{channel=\"rest\",code=\"SUCCESS\",type=\"TEXT\"} 2.0",
                "hsm_notifications_total{channel=\"rest\",code=\"SUCCESS\",type=\"IMAGE\"} 2.0",
                "hsm_notifications_total{channel=\"rest\",code=\"NOT_FOUND\",type=\"none\"} 1.0",
                "hsm_notifications_total{channel=\"rest\",code=\"PROVIDER_ERROR\",type=\"TEXT\"} 1.0",
                "hsm_notifications_total{channel=\"rest\",code=\"QUEUED\",type=\"TEXT\"} 1.0");
        assertThat(series().stream().filter(line -> line.startsWith("hsm_notifications_total{")).count()).isEqualTo(5);
    }

    @Test
    void cloudApiCallsAreTimedByOutcomeAndItsErrorsCountedByWhatsAppCode() throws Exception {
        assertThat(series()).contains(
                "hsm_cloudapi_requests_seconds_count{outcome=\"accepted\"} 4",
                "hsm_cloudapi_requests_seconds_count{outcome=\"error\"} 2",
                "hsm_cloudapi_errors_total{code=\"131026\"} 1.0",
                "hsm_cloudapi_errors_total{code=\"http_503\"} 1.0",
                "hsm_dead_letters_total{channel=\"rest\"} 1.0",
                // every call waited its turn at the per-number throttle (hsm.throttle.per-number=80)
                "hsm_throttle_wait_seconds_count 6");
        assertThat(value("hsm_cloudapi_requests_seconds_sum{outcome=\"accepted\"}")).isPositive();
    }

    @Test
    void theMediaLinkIsProbedOnceAndThenReadFromTheCache() throws Exception {
        assertThat(series()).contains(
                "hsm_media_probe_cache_total{result=\"miss\"} 1.0",
                "hsm_media_probe_cache_total{result=\"hit\"} 1.0",
                "hsm_media_probe_seconds_count{result=\"answered\"} 1",
                "hsm_media_probe_seconds_count{result=\"failed\"} 0");
    }

    @Test
    void theRetryQueueDepthIsTheDatabasesCountOfQueuedNotifications() {
        // counted in the background at most every few seconds: a later scrape shows the queued one
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(series()).contains("hsm_retry_queue_depth 1.0"));
    }

    @Test
    void durableWritesAndTheCommitsThatServedThemAreCounted() throws Exception {
        // seven notifications sent at start-up: one refused at once (its outcome: one write), six PENDING then their outcome
        assertThat(value("hsm_db_writes_total")).isGreaterThanOrEqualTo(13.0);
        assertThat(value("hsm_db_commits_total")).isPositive().isLessThanOrEqualTo(value("hsm_db_writes_total"));
    }

    @Test
    void jvmAndConnectionPoolMetersAreServedToo() throws Exception {
        String body = scrape().body();
        for (String name : new String[] {"jvm_memory_used_bytes{", "jvm_gc_", "jvm_threads_live_threads ",
                "jvm_classes_loaded_classes ", "system_cpu_count ", "process_uptime_seconds ",
                "hikaricp_connections_active{pool=\"hsm-db\"} ", "hikaricp_connections_max{pool=\"hsm-db\"} 16.0"}) {
            assertThat(body).as(name).contains("\n" + name);
        }
    }

    /** Counting code elsewhere (status webhooks, callbacks) finds one registry by type: the one served. */
    @Test
    void theCamelRegistryHoldsOneMeterRegistryWhichMicrometerEndpointsUseAndTheEndpointServes() throws Exception {
        Set<MeterRegistry> registries = gateway.context().getRegistry().findByType(MeterRegistry.class);
        assertThat(registries).hasSize(1).first().isInstanceOf(PrometheusMeterRegistry.class);
        assertThat(gateway.context().getRegistry().lookupByNameAndType(GatewayMeters.BEAN_NAME, GatewayMeters.class).registry())
                .isSameAs(registries.iterator().next());

        gateway.context().createProducerTemplate().sendBody("micrometer:counter:hsm.test.endpoint?tags=kind=probe", null);
        assertThat(series()).contains("hsm_test_endpoint_total{camelContext=\"hsm-gateway\",kind=\"probe\"} 1.0");
    }

    private HttpResponse<String> send(String templateId, String destination, String mediaLink) throws Exception {
        String media = mediaLink == null ? "" : ",\"media\":{\"link\":\"" + mediaLink + "\"}";
        return gateway.notify("w", apiKey, "{\"templateId\":\"" + templateId + "\",\"destination\":\"" + destination
                + "\",\"params\":" + ("1".equals(templateId) ? "{\"name\":\"Ana\"}" : "{}") + media + "}");
    }

    private static void expect(HttpResponse<String> response, String code) throws Exception {
        assertThat(Gateway.json(response).path("code").asText()).as(response.body()).isEqualTo(code);
    }

    private HttpResponse<String> scrape() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/observe/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private java.util.List<String> series() throws Exception {
        return scrape().body().lines().filter(line -> !line.startsWith("#")).toList();
    }

    private double value(String series) throws Exception {
        return series().stream().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1))).orElseThrow();
    }
}
