package io.hsmgateway.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.pipeline.delivery.ThroughputLimits;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes on one PostgreSQL, each caching keys and templates far longer than any test here (10 minutes): an admin
 * change made through one node is seen by the other within a second, because it is told (LISTEN/NOTIFY), not because
 * its cache expired. Also when the other node's listening connection is cut: it listens again and forgets what it
 * cached, so a change made meanwhile is not hidden for the TTL. What WhatsApp answers one node about a number's pace
 * (131056: a recipient held back; 130429: the number at half rate) holds on the other as well.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminChangesEverywhereTest {

    private static final String PHONE_ID = "4077";
    private static final String MESSAGES = "/v23.0/" + PHONE_ID + "/messages";
    private static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}";
    private static final Duration WITHIN = Duration.ofSeconds(1);
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    private Postgres database;
    private WireMockServer cloudApi;
    private Gateway admin;
    private Gateway other;
    private String websiteId;
    private String apiKey;

    @BeforeAll
    void start() throws Exception {
        database = Postgres.freshSchema();
        cloudApi = CloudApiStub.accepting();
        admin = Gateway.start(node(database));
        other = Gateway.start(node(database));
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(admin) && listening(other));
    }

    private Map<String, String> node(Postgres database) throws Exception {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(database.properties());
        properties.put("hsm.cache.ttl-ms", "600000");
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.account-pause-seconds", "600");
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        return properties;
    }

    @AfterAll
    void stop() {
        for (Gateway gateway : new Gateway[]{other, admin}) {
            if (gateway != null) {
                gateway.close();
            }
        }
        cloudApi.stop();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        CloudApiStub.accept(cloudApi);
        websiteId = "everywhere" + WEBSITES.incrementAndGet();
        apiKey = admin.website(websiteId, PHONE_ID, "token-1");
        admin.template(websiteId, "7", CloudApiStub.TEXT_TEMPLATE);
    }

    @Test
    void aKeyRevokedOnOneNodeIsRefusedOnTheOtherWithinASecond() throws Exception {
        JsonNode created = Gateway.json(admin.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null));
        String key = created.get("apikey").asText();
        assertThat(other.notify(websiteId, key, REQUEST).statusCode()).as("cached on the other node").isEqualTo(200);

        assertThat(admin.admin("DELETE", "/admin/websites/" + websiteId + "/apikeys/" + created.get("id").asText(), null)
                .statusCode()).isEqualTo(204);

        long refusedAfterMs = timeUntil(() -> other.notify(websiteId, key, REQUEST).statusCode() == 401);
        assertThat(refusedAfterMs).isLessThan(WITHIN.toMillis());
        assertThat(other.notify(websiteId, apiKey, REQUEST).statusCode()).as("the website's other key").isEqualTo(200);
    }

    @Test
    void aNewTokenIsUsedByTheOtherNodeWithinASecond() throws Exception {
        assertThat(other.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        assertThat(lastSent().getHeader("Authorization")).isEqualTo("Bearer token-1");

        assertThat(admin.admin("PUT", "/admin/websites/" + websiteId, "{\"name\":\"w\",\"phoneNumberId\":\"" + PHONE_ID
                + "\",\"accessToken\":\"token-2\"}").statusCode()).isEqualTo(200);

        long usedAfterMs = timeUntil(() -> other.notify(websiteId, apiKey, REQUEST).statusCode() == 200
                && "Bearer token-2".equals(lastSent().getHeader("Authorization")));
        assertThat(usedAfterMs).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aChangedTemplateIsUsedByTheOtherNodeWithinASecond() throws Exception {
        assertThat(other.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);

        admin.template(websiteId, "7", "{\"name\":\"t2\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"first\"]}");

        long changedAfterMs = timeUntil(() -> other.notify(websiteId, apiKey, REQUEST).statusCode() == 400);
        assertThat(changedAfterMs).isLessThan(WITHIN.toMillis());
        assertThat(other.notify(websiteId, apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"first\":\"Ana\"}}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aWebsitePausedByOneNodeIsHeldOnTheOtherWithinASecond() throws Exception {
        assertThat(other.notify(websiteId, apiKey, REQUEST).statusCode()).isEqualTo(200);
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":131031,\"message\":\"Account has been locked\"}}")));
        assertThat(Gateway.json(admin.notify(websiteId, apiKey, REQUEST)).get("code").asText()).isEqualTo("QUEUED");
        int triedSoFar = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).size();

        long heldAfterMs = timeUntil(() -> {
            JsonNode answer = Gateway.json(other.notify(websiteId, apiKey, REQUEST));
            return "QUEUED".equals(answer.get("code").asText())
                    && cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).size() == triedSoFar;
        });
        assertThat(heldAfterMs).isLessThan(WITHIN.toMillis());
    }

    @Test
    void aRecipientHeldBackAfterOneNodesPairLimitIsHeldOnTheOtherToo() throws Exception {
        String held = "542994843977";
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).atPriority(1).withRequestBody(matchingJsonPath("$.to", equalTo(held)))
                .willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"code\":131056,\"message\":\"Pair rate limit hit\"}}")));
        String toHeld = REQUEST.replace("542994843975", held);
        assertThat(Gateway.json(admin.notify(websiteId, apiKey, toHeld)).at("/result/providerCode").asInt()).isEqualTo(131056);

        long heldAfterMs = timeUntil(() -> {
            JsonNode answer = Gateway.json(other.notify(websiteId, apiKey, toHeld));
            return "QUEUED".equals(answer.get("code").asText()) && answer.at("/result/providerCode").isNull();
        });
        assertThat(heldAfterMs).isLessThan(WITHIN.toMillis());
        assertThat(cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(matchingJsonPath("$.to", equalTo(held)))))
                .as("only the first node's call reached WhatsApp").hasSize(1);
        assertThat(other.notify(websiteId, apiKey, REQUEST).statusCode()).as("other recipients go on").isEqualTo(200);
    }

    @Test
    void aNumberSlowedDownByOneNodeRunsAtHalfRateOnTheOtherToo() throws Exception {
        String phoneNumberId = "4078";
        ThroughputLimits otherLimits = other.context().getRegistry()
                .lookupByNameAndType(ThroughputLimits.BEAN_NAME, ThroughputLimits.class);
        DeliveryTarget target = new DeliveryTarget(phoneNumberId, "token", null, 80);
        assertThat(otherLimits.perSecond(target)).isEqualTo(80);

        admin.context().getRegistry().lookupByNameAndType(ThroughputLimits.BEAN_NAME, ThroughputLimits.class)
                .slowDown(phoneNumberId); // what FailureClassifier does with a 130429

        long slowedAfterMs = timeUntil(() -> otherLimits.perSecond(target) == 40);
        assertThat(slowedAfterMs).isLessThan(WITHIN.toMillis());
    }

    /** A cut listening connection comes back, and what the node cached before is not trusted after. */
    @Test
    void aNodeWhoseListeningConnectionWasCutForgetsWhatItCachedWhenItListensAgain() throws Exception {
        JsonNode created = Gateway.json(admin.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null));
        String key = created.get("apikey").asText();
        assertThat(other.notify(websiteId, key, REQUEST).statusCode()).isEqualTo(200);

        Thread.sleep(PostgresNotices.CHECK_EVERY_MS + 500); // the sessions have checked themselves since they listened
        assertThat(cutListeningConnections()).isEqualTo(2);
        admin.admin("DELETE", "/admin/websites/" + websiteId + "/apikeys/" + created.get("id").asText(), null);

        // reconnecting takes about PostgresNotices.RECONNECT_MS; the TTL (10 minutes) is not what ends it
        long refusedAfterMs = timeUntil(() -> other.notify(websiteId, key, REQUEST).statusCode() == 401);
        assertThat(refusedAfterMs).isLessThan(5_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(admin) && listening(other));
    }

    private static boolean listening(Gateway gateway) {
        ClusterNotices notices = gateway.context().getRegistry().lookupByNameAndType(ClusterNotices.BEAN_NAME, ClusterNotices.class);
        return notices instanceof PostgresNotices postgres && postgres.listening();
    }

    /** Ends both nodes' LISTEN sessions from the server's side, as a restart of PostgreSQL or a proxy would. */
    private int cutListeningConnections() throws Exception {
        try (Connection connection = DriverManager.getConnection(Postgres.URL, Postgres.USER, Postgres.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet cut = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = '"
                     + PostgresNotices.applicationName(PostgresNotices.channelOf(database.schema())) + "'")) {
            int count = 0;
            while (cut.next()) {
                count++;
            }
            return count;
        }
    }

    private static long timeUntil(Callable<Boolean> condition) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(15).toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not seen within 15 s");
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    private LoggedRequest lastSent() {
        List<LoggedRequest> sent = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        return sent.get(sent.size() - 1);
    }
}
