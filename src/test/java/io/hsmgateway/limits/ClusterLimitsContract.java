package io.hsmgateway.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Limits that hold for the cluster: two gateways (two Camel contexts in this JVM, each with its own HTTP port, pool
 * and broker) on one database, counting in the store the subclass names. The load is spread over both, so limits
 * counted per node would let twice the rate through.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterLimitsContract {

    static final int PER_NUMBER = 10;
    static final int PER_KEY = 3;
    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}";

    WireMockServer cloudApi;
    Gateway a;
    Gateway b;

    /** hsm.db.* (both gateways on one database) and hsm.limits.*; may skip the test (Assumptions) */
    abstract Map<String, String> store();

    /** What the gateways' log says the limits are counted in. */
    abstract String storeName();

    @BeforeAll
    void start() throws Exception {
        Map<String, String> store = store();
        cloudApi = CloudApiStub.accepting();
        a = Gateway.start(node(store));
        b = Gateway.start(node(store));
    }

    private Map<String, String> node(Map<String, String> store) {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(store);
        properties.put("hsm.throttle.per-number", String.valueOf(PER_NUMBER));
        properties.put("hsm.rest.rate-limit.per-key", String.valueOf(PER_KEY));
        return properties;
    }

    @AfterAll
    void stop() {
        for (Gateway gateway : new Gateway[] {a, b}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    /**
     * 32 callers, half on each node, each with a key of its own (so the per-key limit never applies) and a request
     * at a time, for 8 s: far more than 10 a second. The Cloud API's journal is read over 5 s in the middle (after
     * the full bucket's first burst): 10/s within 10 %, where per-node limits would give 20/s.
     */
    @Test
    void aNumbersLimitHoldsForTwoNodesTogether() throws Exception {
        String phone = "30" + System.nanoTime() % 1_000_000;
        List<String> keys = website("spread", phone, 32);
        ExecutorService callers = Executors.newFixedThreadPool(keys.size());
        long started = System.currentTimeMillis();
        long loadEnds = started + 8_000;
        List<Future<Integer>> sent = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            Gateway node = i % 2 == 0 ? a : b;
            String key = keys.get(i);
            Callable<Integer> caller = () -> {
                int ok = 0;
                while (System.currentTimeMillis() < loadEnds) {
                    if (Gateway.json(node.notify("spread", key, BODY)).get("code").asText().equals("SUCCESS")) {
                        ok++;
                    }
                }
                return ok;
            };
            sent.add(callers.submit(caller));
        }
        int succeeded = 0;
        for (Future<Integer> caller : sent) {
            succeeded += caller.get(60, TimeUnit.SECONDS);
        }
        callers.shutdown();

        List<LoggedRequest> calls = cloudApi.findAll(postRequestedFor(urlPathMatching(".*/" + phone + "/messages")));
        long windowFrom = started + 2_000;
        long windowTo = started + 7_000;
        long inWindow = calls.stream().map(c -> c.getLoggedDate().getTime()).filter(t -> t >= windowFrom && t < windowTo).count();
        double perSecond = inWindow / 5.0;
        System.out.printf("%s: %d Cloud API calls in all, %d in the 5 s window: %.1f/s (limit %d/s); %d answered SUCCESS%n",
                storeName(), calls.size(), inWindow, perSecond, PER_NUMBER, succeeded);
        assertThat(perSecond).as("Cloud API calls per second for the number, both nodes together")
                .isBetween(PER_NUMBER * 0.9, PER_NUMBER * 1.1);
        assertThat(calls.size()).as("every call answered SUCCESS").isEqualTo(succeeded);
    }

    /** Six requests at once with one key, three to each node: three pass (the key's 3/s), three are refused, 429. */
    @Test
    void aKeysLimitHoldsForTwoNodesTogether() throws Exception {
        String phone = "31" + System.nanoTime() % 1_000_000;
        String key = website("keyed", phone, 1).get(0);
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Gateway node = i % 2 == 0 ? a : b;
            sent.add(callers.submit(() -> node.notify("keyed", key, BODY)));
        }
        List<JsonNode> answers = new ArrayList<>();
        for (Future<HttpResponse<String>> response : sent) {
            answers.add(Gateway.json(response.get(30, TimeUnit.SECONDS)));
        }
        callers.shutdown();

        List<JsonNode> limited = answers.stream().filter(x -> x.get("code").asText().equals("RATE_LIMITED")).toList();
        assertThat(answers.stream().filter(x -> x.get("code").asText().equals("SUCCESS"))).hasSize(PER_KEY);
        assertThat(limited).hasSize(6 - PER_KEY);
        assertThat(limited.get(0).get("statusCode").asInt()).isEqualTo(429);
        assertThat(limited.get(0).get("result").get("limitPerSecond").asInt()).isEqualTo(PER_KEY);
        assertThat(cloudApi.findAll(postRequestedFor(urlPathMatching(".*/" + phone + "/messages")))).hasSize(PER_KEY);
    }

    /** A website (set up through node A; B reads it from the shared database) with {@code keys} API keys. */
    List<String> website(String id, String phone, int keys) throws Exception {
        a.admin("PUT", "/admin/websites/" + id, "{\"name\":\"n\",\"phoneNumberId\":\"" + phone + "\",\"accessToken\":\"t\"}");
        a.template(id, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            created.add(Gateway.json(a.admin("POST", "/admin/websites/" + id + "/apikeys", null)).get("apikey").asText());
        }
        return created;
    }
}
