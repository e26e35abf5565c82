package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The api keys and templates every notification reads are cached (WebsiteLookups), with a TTL far longer than
 * any test here: whatever the admin API (or a pause) changes must still be seen by the very next notification on
 * this node, and a burst for one website and template reads each from the database once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebsiteLookupsCacheTest {

    private static final String PHONE_ID = "2077";
    private static final String MESSAGES = "/v23.0/" + PHONE_ID + "/messages";
    private static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    private WireMockServer cloudApi;
    private Map<String, String> properties;
    private Gateway gateway;
    private String websiteId;
    private String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        properties = Gateway.defaults(cloudApi);
        // an entry outlives every test: only eviction can make a change visible
        properties.put("hsm.cache.ttl-ms", "600000");
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.account-pause-seconds", "600");
        properties.put("hsm.jms.enabled", "false");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        CloudApiStub.accept(cloudApi);
        websiteId = "cached" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, "token-1");
        gateway.template(websiteId, "7", CloudApiStub.TEXT_TEMPLATE);
    }

    @Test
    void aDeletedKeyIsRefusedRightAfterTheDelete() throws Exception {
        JsonNode created = Gateway.json(gateway.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null));
        String key = created.get("apikey").asText();
        assertThat(gateway.notify(websiteId, key, REQUEST).statusCode()).isEqualTo(200);

        assertThat(gateway.admin("DELETE", "/admin/websites/" + websiteId + "/apikeys/" + created.get("id").asText(), null)
                .statusCode()).isEqualTo(204);

        HttpResponse<String> refused = gateway.notify(websiteId, key, REQUEST);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Gateway.json(refused).get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
    }

    @Test
    void aNewKeyWorksRightAfterItIsCreated() throws Exception {
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);

        String newKey = Gateway.json(gateway.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null))
                .get("apikey").asText();

        assertThat(gateway.notify(websiteId, newKey, REQUEST).statusCode()).isEqualTo(200);
    }

    @Test
    void aChangedTemplateIsUsedRightAfterThePut() throws Exception {
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);

        gateway.template(websiteId, "7", "{\"name\":\"t2\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"first\"]}");

        HttpResponse<String> old = gateway.notify(websiteId, apiKey, REQUEST);
        assertThat(old.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(old).get("code").asText()).isEqualTo("INVALID_BODY");
        HttpResponse<String> changed = gateway.notify(websiteId, apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"first\":\"Ana\"}}");
        assertThat(changed.statusCode()).isEqualTo(200);
        String sent = lastSent().getBodyAsString();
        assertThat(sent).contains("\"t2\"").contains("Ana");
    }

    @Test
    void aDeletedTemplateIsNotFoundRightAfterTheDelete() throws Exception {
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);

        assertThat(gateway.admin("DELETE", "/admin/websites/" + websiteId + "/templates/7", null).statusCode()).isEqualTo(204);

        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(404);
    }

    @Test
    void aChangedAccessTokenIsUsedRightAfterThePut() throws Exception {
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        assertThat(lastSent().getHeader("Authorization")).isEqualTo("Bearer token-1");

        assertThat(gateway.admin("PUT", "/admin/websites/" + websiteId, "{\"name\":\"w\",\"phoneNumberId\":\"" + PHONE_ID
                + "\",\"accessToken\":\"token-2\"}").statusCode()).isEqualTo(200);

        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        assertThat(lastSent().getHeader("Authorization")).isEqualTo("Bearer token-2");
    }

    @Test
    void aDeletedWebsiteIsRefusedRightAfterTheDelete() throws Exception {
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);

        assertThat(gateway.admin("DELETE", "/admin/websites/" + websiteId, null).statusCode()).isEqualTo(204);

        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(401);
    }

    @Test
    void aWebsitePausedByAnAccountFailureIsHeldFromTheNextNotification() throws Exception {
        // the template (with the website's unpaused target) is cached by a notification that went through
        assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":131031,\"message\":\"Account has been locked\"}}")));

        JsonNode failed = Gateway.json(gateway.notify(websiteId, apiKey, REQUEST));
        JsonNode next = Gateway.json(gateway.notify(websiteId, apiKey, REQUEST));

        assertThat(failed.get("code").asText()).isEqualTo("QUEUED");
        assertThat(next.get("code").asText()).isEqualTo("QUEUED");
        assertThat(cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).hasSize(2); // the next was held, not tried
    }

    @Test
    void aBurstForOneTemplateReadsItsKeysAndTemplateOnce() throws Exception {
        WebsiteLookups lookups = gateway.context().getRegistry()
                .lookupByNameAndType(WebsiteLookups.BEAN_NAME, WebsiteLookups.class);
        long keyReads = lookups.keyReads();
        long templateReads = lookups.templateReads();

        for (int i = 0; i < 20; i++) {
            assertThat(gateway.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        }

        assertThat(lookups.keyReads() - keyReads).isEqualTo(1);
        assertThat(lookups.templateReads() - templateReads).isEqualTo(1);
        assertThat(cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)))).hasSize(20);
    }

    /**
     * Two gateways on one H2 database (no NOTIFY: H2 is one node's, this is the fallback when a notice is lost;
     * cluster/AdminChangesEverywhereTest has the PostgreSQL case): the other, with a short TTL, keeps what it cached
     * for up to the TTL and drops it after, but never caches what it did not find: a template created elsewhere works
     * there at once.
     */
    @Test
    void anotherNodeSeesNewTemplatesAtOnceAndDeletedKeysOnlyAfterItsTtl() throws Exception {
        long ttlMs = 4_000;
        Map<String, String> otherNode = new HashMap<>(properties);
        otherNode.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        otherNode.put("hsm.cache.ttl-ms", String.valueOf(ttlMs));
        try (Gateway other = Gateway.start(otherNode)) {
            JsonNode created = Gateway.json(gateway.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null));
            String key = created.get("apikey").asText();
            long cachedBefore = System.nanoTime();
            assertThat(other.notify(websiteId, key, REQUEST).statusCode()).isEqualTo(200);

            String request99 = REQUEST.replace("\"7\"", "\"99\"");
            assertThat(other.notify(websiteId, key, request99).statusCode()).isEqualTo(404);
            gateway.template(websiteId, "99", CloudApiStub.TEXT_TEMPLATE);
            assertThat(other.notify(websiteId, key, request99).statusCode()).isEqualTo(200);

            gateway.admin("DELETE", "/admin/websites/" + websiteId + "/apikeys/" + created.get("id").asText(), null);
            assertThat(gateway.notify(websiteId, key, REQUEST).statusCode()).isEqualTo(401);
            int withinTtl = other.notify(websiteId, key, REQUEST).statusCode();
            long elapsedMs = (System.nanoTime() - cachedBefore) / 1_000_000;
            // on a machine so busy that the steps above outlasted the TTL, the entry may rightly be gone already
            if (elapsedMs < ttlMs) {
                assertThat(withinTtl).as("within the other node's TTL").isEqualTo(200);
            }

            // after the TTL the other node reads the key again, and finds it deleted
            await().atMost(Duration.ofMillis(ttlMs + 20_000)).pollInterval(Duration.ofMillis(250))
                    .until(() -> other.notify(websiteId, key, REQUEST).statusCode() == 401);
            assertThat((System.nanoTime() - cachedBefore) / 1_000_000).as("dropped only after the TTL")
                    .isGreaterThanOrEqualTo(ttlMs);
        }
    }

    private LoggedRequest lastSent() {
        List<LoggedRequest> sent = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        return sent.get(sent.size() - 1);
    }
}
