package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A dead letter is replayed once (issue 19, item 4): it is claimed and marked replayed by one conditional update before
 * its request is sent, so a bulk replay called again, or two bulk replays at the same time, send each dead letter once,
 * counted at the Cloud API stand-in; a single replay of a replayed one is refused (409 ALREADY_REPLAYED, saying when and
 * as which notification) unless {@code again=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeadLetterReplayOnceTest {

    static final String PHONE_ID = "1066";
    static final String MESSAGES = "/v23.0/" + PHONE_ID + "/messages";
    static final String OK = "{\"messages\":[{\"id\":\"wamid.OK\"}]}";
    static final String REFUSED = "{\"error\":{\"code\":132001,\"message\":\"Template does not exist\"}}";
    static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    Gateway gateway;
    String websiteId;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(database());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.delivery.inline-attempts", "1");
        gateway = Gateway.start(properties);
    }

    /** The database this run uses: overrides of {@code hsm.db.*} (H2 here; PostgreSQL in the subclass). */
    Map<String, String> database() {
        return Map.of();
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
        websiteId = "replays" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, "token");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    @Test
    void aBulkReplayCalledTwiceSendsEachDeadLetterOnce() throws Exception {
        deadLetters(3);

        JsonNode first = Gateway.json(gateway.admin("POST", "/admin/dead-letters/replay?websiteId=" + websiteId, null));
        JsonNode second = Gateway.json(gateway.admin("POST", "/admin/dead-letters/replay?websiteId=" + websiteId, null));

        assertThat(first.get("replayed").asInt()).isEqualTo(3);
        assertThat(first.at("/codes/SUCCESS").asInt()).isEqualTo(3);
        assertThat(second.get("replayed").asInt()).isEqualTo(0);
        assertThat(second.get("items")).isEmpty();
        assertThat(replaysSent()).isEqualTo(3);
        for (JsonNode deadLetter : list()) {
            assertThat(deadLetter.get("replayCode").asText()).isEqualTo("SUCCESS");
            assertThat(deadLetter.get("replayNotificationId").isNull()).isFalse();
        }
    }

    @Test
    void twoBulkReplaysAtTheSameTimeSendEachDeadLetterOnce() throws Exception {
        deadLetters(6);
        // slow answers keep both calls inside their pages at the same time
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withBody(OK)
                .withFixedDelay(150)));

        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<JsonNode>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> {
                    go.await();
                    return Gateway.json(gateway.admin("POST", "/admin/dead-letters/replay?websiteId=" + websiteId, null));
                }));
            }
            go.countDown();
            int replayed = 0;
            for (Future<JsonNode> call : calls) {
                replayed += call.get().get("replayed").asInt();
            }
            assertThat(replayed).isEqualTo(6);
        } finally {
            callers.shutdownNow();
        }
        assertThat(replaysSent()).isEqualTo(6);
    }

    @Test
    void aSingleReplayOfAReplayedOneIsRefusedUnlessAgainIsAsked() throws Exception {
        deadLetters(1);
        String id = list().get(0).get("id").asText();
        JsonNode replay = Gateway.json(gateway.admin("POST", "/admin/dead-letters/" + id + "/replay", null));
        assertThat(replay.at("/response/code").asText()).isEqualTo("SUCCESS");
        String replayNotification = replay.at("/response/notificationId").asText();
        String replayedAt = replay.get("replayedAt").asText();

        HttpResponse<String> refused = gateway.admin("POST", "/admin/dead-letters/" + id + "/replay", null);

        assertThat(refused.statusCode()).isEqualTo(409);
        JsonNode answer = Gateway.json(refused);
        assertThat(answer.get("code").asText()).isEqualTo("ALREADY_REPLAYED");
        assertThat(answer.get("statusCode").asInt()).isEqualTo(409);
        assertThat(answer.get("description").asText())
                .isEqualTo("Dead letter " + id + " was replayed at " + replayedAt + " as notification " + replayNotification
                        + " (SUCCESS); nothing was sent: add again=true to replay it once more");
        assertThat(answer.at("/result/replayNotificationId").asText()).isEqualTo(replayNotification);
        assertThat(answer.at("/result/replayedAt").asText()).isEqualTo(replayedAt);
        assertThat(replaysSent()).isEqualTo(1);

        HttpResponse<String> again = gateway.admin("POST", "/admin/dead-letters/" + id + "/replay?again=true", null);

        assertThat(again.statusCode()).isEqualTo(200);
        JsonNode replayedAgain = Gateway.json(again);
        assertThat(replayedAgain.at("/response/code").asText()).isEqualTo("SUCCESS");
        assertThat(replayedAgain.at("/response/notificationId").asText()).isNotEqualTo(replayNotification);
        assertThat(replaysSent()).isEqualTo(2);
        JsonNode marked = Gateway.json(gateway.admin("GET", "/admin/dead-letters/" + id, null));
        assertThat(marked.get("replayNotificationId").asText()).isEqualTo(replayedAgain.at("/response/notificationId").asText());
        // and a bulk call still leaves it alone
        JsonNode bulk = Gateway.json(gateway.admin("POST", "/admin/dead-letters/replay?websiteId=" + websiteId, null));
        assertThat(bulk.get("replayed").asInt()).isEqualTo(0);
        assertThat(replaysSent()).isEqualTo(2);
    }

    @Test
    void againMustBeTrueOrFalse() throws Exception {
        deadLetters(1);
        String id = list().get(0).get("id").asText();
        HttpResponse<String> response = gateway.admin("POST", "/admin/dead-letters/" + id + "/replay?again=yes", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(replaysSent()).isEqualTo(0);
    }

    /** Sends n notifications WhatsApp refuses for good (n dead letters), then lets WhatsApp take them; resets the count. */
    private void deadLetters(int n) throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400).withBody(REFUSED)));
        for (int i = 0; i < n; i++) {
            String request = "{\"templateId\":\"7\",\"destination\":\"54911000000" + (10 + i) + "\",\"params\":{\"name\":\"Ana\"}}";
            assertThat(Gateway.json(gateway.notify(websiteId, apiKey, request)).get("code").asText()).isEqualTo("PROVIDER_ERROR");
        }
        assertThat(list()).hasSize(n);
        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withBody(OK)));
    }

    private int replaysSent() {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).size();
    }

    private List<JsonNode> list() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + websiteId, null)).forEach(items::add);
        return items;
    }
}
