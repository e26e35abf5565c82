package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.SentTo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** Messages per second per WhatsApp number, the website override, the 130429 slow-down, and REST per-key limits. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThroughputLimitsTest {

    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}";

    WireMockServer cloudApi;
    Gateway gateway;
    ExecutorService callers = Executors.newFixedThreadPool(16);

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.t\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "5");
        properties.put("hsm.rest.rate-limit.per-key", "3");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        gateway.close();
        cloudApi.stop();
        callers.shutdownNow();
    }

    @Test
    void aNumberSendsNoFasterThanItsLimit() throws Exception {
        List<String> keys = website("capped", "2001", null, 5);

        try (SentTo throttle = throttle()) {
            long started = System.nanoTime();
            List<JsonNode> answers = sendAll("capped", keys, 3);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(answers).hasSize(15).allMatch(a -> a.get("code").asText().equals("SUCCESS"));
            // a lower bound: a busy machine only makes it longer
            assertThat(tookMillis).as("15 messages at 5/s").isGreaterThanOrEqualTo(1800);
            assertThat(throttle.exchanges()).as("messages through the per-number throttle").isEqualTo(15);
        }
    }

    /**
     * Own limit 0: none. Shown by the throttle that spaces messages (as the test above proves) never seeing one
     * of them, not by a time bound, which a busy machine could overrun at any speed.
     */
    @Test
    void aWebsiteCanHaveItsOwnLimit() throws Exception {
        List<String> keys = website("unlimited", "2002", 0, 5);

        try (SentTo throttle = throttle()) {
            List<JsonNode> answers = sendAll("unlimited", keys, 3);

            assertThat(answers).hasSize(15).allMatch(a -> a.get("code").asText().equals("SUCCESS"));
            assertThat(throttle.exchanges()).as("messages through the per-number throttle").isZero();
        }
    }

    @Test
    void anApiKeyOverItsRequestRateGets429InTheEnvelope() throws Exception {
        String key = website("keyed", "2003", 0, 1).get(0);
        int before = cloudApi.findAll(postRequestedFor(anyUrl())).size();

        List<JsonNode> answers = sendAll("keyed", List.of(key), 6);

        long ok = answers.stream().filter(a -> a.get("code").asText().equals("SUCCESS")).count();
        List<JsonNode> limited = answers.stream().filter(a -> a.get("code").asText().equals("RATE_LIMITED")).toList();
        assertThat(ok).isEqualTo(3);
        assertThat(limited).hasSize(3);
        assertThat(limited.get(0).get("statusCode").asInt()).isEqualTo(429);
        assertThat(cloudApi.findAll(postRequestedFor(anyUrl())).size() - before).isEqualTo(3);
    }

    @Test
    void rotatingMadeUpKeysDodgesNothing() throws Exception {
        website("guarded", "2004", 0, 1);

        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(gateway.notify("guarded", "hsm_madeUpKey" + i, BODY).statusCode());
        }
        Thread.sleep(1100); // the address's count starts again

        // three wrong keys a second per address, like three requests a second per key; then 429 before any lookup
        assertThat(statuses).containsExactly(401, 401, 401, 429, 429);
        assertThat(gateway.notify("guarded", "hsm_madeUpKey5", BODY).statusCode()).isEqualTo(401);
        Thread.sleep(1100);

        // the status endpoint takes keys too: guessing there counts the same way
        List<Integer> lookups = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lookups.add(gateway.request("GET", "/website/guarded/hsm/notifications/some-id", null, null,
                    Map.of("apikey", "hsm_madeUpKey" + i)).statusCode());
        }
        assertThat(lookups).containsExactly(401, 401, 401, 429, 429);
        Thread.sleep(1100);
    }

    @Test
    void a130429HalvesTheNumbersRateForAWhile() {
        ThroughputLimits limits = new ThroughputLimits(80, 0, Duration.ofMinutes(1), Duration.ofSeconds(6));
        DeliveryTarget target = new DeliveryTarget("1065", "t", null, null);
        DeliveryTarget own = new DeliveryTarget("1066", "t", null, 10);

        assertThat(limits.perSecond(target)).isEqualTo(80);
        limits.slowDown("1065");
        assertThat(limits.perSecond(target)).isEqualTo(40);
        assertThat(limits.perSecond(own)).isEqualTo(10);
    }

    /** Counts the messages that go through the per-number throttle from now on. */
    SentTo throttle() {
        return SentTo.count(gateway.context(), "direct:" + NotificationPipeline.THROTTLE);
    }

    /** A website with {@code keys} API keys (each allowed 3 requests/s) and an optional own throttle. */
    List<String> website(String id, String phone, Integer throttle, int keys) throws Exception {
        gateway.admin("PUT", "/admin/websites/" + id, "{\"name\":\"n\",\"phoneNumberId\":\"" + phone
                + "\",\"accessToken\":\"t\",\"throttlePerSecond\":" + throttle + "}");
        gateway.template(id, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            created.add(Gateway.json(gateway.admin("POST", "/admin/websites/" + id + "/apikeys", null)).get("apikey").asText());
        }
        return created;
    }

    /** Sends {@code perKey} notifications with each key, all at once. */
    List<JsonNode> sendAll(String websiteId, List<String> keys, int perKey) throws Exception {
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (String key : keys) {
            for (int i = 0; i < perKey; i++) {
                Callable<HttpResponse<String>> call = () -> gateway.notify(websiteId, key, BODY);
                sent.add(callers.submit(call));
            }
        }
        List<JsonNode> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> response : sent) {
            answers.add(Gateway.json(response.get()));
        }
        return answers;
    }
}
