package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected by a Cloud API stub on loopback (errors, stalls, rate limits, account failures), each
 * asserting exactly how many messages were sent and how many dead letters were recorded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryFaultsContract {

    static final String PHONE_ID = "1065";
    static final String MESSAGES = "/v23.0/" + PHONE_ID + "/messages";
    static final String OK = "{\"messages\":[{\"id\":\"wamid.OK\"}]}";
    static final AtomicInteger WEBSITES = new AtomicInteger();
    /**
     * How long a recipient is held after WhatsApp's pair rate limit (131056): far longer than the few calls
     * pairRateLimitHoldsThatRecipientOnly makes meanwhile, so that "held" never depends on how fast a busy
     * machine makes them (at 200 ms the hold could end between two calls, and the next one was tried).
     */
    static final Duration PAIR_BACKOFF = Duration.ofSeconds(3);

    WireMockServer cloudApi;
    Map<String, String> properties;
    Gateway gateway;
    String websiteId;
    String apiKey;

    /** The database this run uses: overrides of {@code hsm.db.*}. */
    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        properties = Gateway.defaults();
        properties.putAll(database());
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.whatsapp.response-timeout-ms", "700");
        properties.put("hsm.delivery.max-attempts", "3");
        // these are the retry worker's tests: no in-line retries (InlineRetriesTest has those)
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.backoff-initial-ms", "100");
        properties.put("hsm.delivery.backoff-max-ms", "300");
        properties.put("hsm.delivery.poll-ms", "100");
        properties.put("hsm.delivery.account-pause-seconds", "2");
        properties.put("hsm.delivery.pair-backoff-ms", String.valueOf(PAIR_BACKOFF.toMillis()));
        // two nodes share this map (and so would share one embedded broker's files): no JMS door here
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
        websiteId = "faults" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, "token");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    @Test
    void serverErrorIsQueuedAndRetriedUntilSent() throws Exception {
        failThenSucceed(aResponse().withStatus(500).withBody("{\"error\":{\"code\":1,\"message\":\"unknown\"}}"));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        assertThat(answer.get("statusCode").asInt()).isEqualTo(202);
        assertThat(answer.at("/result/providerCode").asInt()).isEqualTo(1);
        awaitStatus(answer, "SENT");
        assertThat(sent()).isEqualTo(2);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void rateLimitAnsweredAs400IsRetriedNoSoonerThanRetryAfter() throws Exception {
        failThenSucceed(aResponse().withStatus(400).withHeader("Retry-After", "1")
                .withBody("{\"error\":{\"code\":130429,\"message\":\"Rate limit hit\"}}"));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        awaitStatus(answer, "SENT");
        List<LoggedRequest> calls = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES)));
        assertThat(calls).hasSize(2);
        long waited = calls.get(1).getLoggedDate().getTime() - calls.get(0).getLoggedDate().getTime();
        assertThat(waited).isGreaterThanOrEqualTo(1000);
    }

    @Test
    void serviceUnavailableIsRetriedByThePolicyOnlyNotBehindItsBack() throws Exception {
        failThenSucceed(aResponse().withStatus(503).withHeader("Retry-After", "1"));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        assertThat(sent()).isEqualTo(1);
        awaitStatus(answer, "SENT");
        assertThat(sent()).isEqualTo(2);
    }

    @Test
    void pairRateLimitHoldsThatRecipientOnly() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).inScenario("pair").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400)
                        .withBody("{\"error\":{\"code\":131056,\"message\":\"Pair rate limit hit\"}}"))
                .willSetStateTo("recovered"));
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).inScenario("pair").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(OK)));

        JsonNode first = send();
        JsonNode second = send();
        JsonNode otherRecipient = Gateway.json(gateway.notify(websiteId, apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843976\",\"params\":{\"name\":\"x\"}}"));

        assertThat(first.get("code").asText()).isEqualTo("QUEUED");
        assertThat(first.at("/result/providerCode").asInt()).isEqualTo(131056);
        assertThat(second.get("code").asText()).isEqualTo("QUEUED");      // held, not tried
        assertThat(second.at("/result/providerCode").isNull()).as(second.toString()).isTrue();
        assertThat(second.at("/result/providerMessage").asText()).isEqualTo("pair rate limit: this recipient is being backed off");
        assertThat(otherRecipient.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(sent()).isEqualTo(2);
        awaitStatus(first, "SENT");
        awaitStatus(second, "SENT");
        assertThat(sent()).isEqualTo(4);
        // the held recipient's messages went out once the hold was over, not before
        List<LoggedRequest> toHeldRecipient = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))
                .withRequestBody(matchingJsonPath("$.to", equalTo("542994843975"))));
        assertThat(toHeldRecipient).hasSize(3);
        long refusedAt = toHeldRecipient.get(0).getLoggedDate().getTime();
        assertThat(toHeldRecipient.subList(1, 3)).allSatisfy(call ->
                assertThat(call.getLoggedDate().getTime() - refusedAt).isGreaterThanOrEqualTo(PAIR_BACKOFF.toMillis()));
    }

    @Test
    void connectionDroppedIsRetried() throws Exception {
        failThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        awaitStatus(answer, "SENT");
        assertThat(sent()).isEqualTo(2);
    }

    @Test
    void permanentErrorIsNotRetriedAndBecomesADeadLetter() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":131026,\"message\":\"Message undeliverable\"}}")));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_ERROR");
        assertThat(status(answer)).isEqualTo("FAILED");
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> sent() == 1);
        List<JsonNode> deadLetters = deadLetters();
        assertThat(deadLetters).hasSize(1);
        assertThat(deadLetters.get(0).get("notificationId").asText()).isEqualTo(answer.get("notificationId").asText());
        assertThat(deadLetters.get(0).get("lastError").asText()).startsWith("131026");
        assertThat(deadLetters.get(0).get("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetters.get(0).get("channel").asText()).isEqualTo("rest");
    }

    @Test
    void transientErrorsUpToTheLastAttemptMakeADeadLetter() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503)));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        awaitStatus(answer, "FAILED");
        assertThat(sent()).isEqualTo(3);
        assertThat(deadLetters()).hasSize(1);
        assertThat(deadLetters().get(0).get("attempts").asInt()).isEqualTo(3);
    }

    @Test
    void readTimeoutIsUnknownAndNeverResent() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody(OK)));

        JsonNode answer = send();

        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(status(answer)).isEqualTo("UNKNOWN");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> sent() == 1);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void accountFailurePausesTheWebsiteInsteadOfBurningThroughItsSends() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":131031,\"message\":\"Account has been locked\"}}")));

        JsonNode first = send();
        JsonNode second = send();

        assertThat(first.get("code").asText()).isEqualTo("QUEUED");
        assertThat(second.get("code").asText()).isEqualTo("QUEUED");
        assertThat(sent()).isEqualTo(1);          // the second was held, not tried

        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withBody(OK)));
        awaitStatus(first, "SENT");
        awaitStatus(second, "SENT");
        assertThat(sent()).isEqualTo(2);
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void deadLettersAreReplayedThroughThePipelineAndMarked() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":132001,\"message\":\"Template does not exist\"}}")));
        send();
        send();
        List<JsonNode> deadLetters = deadLetters();
        assertThat(deadLetters).hasSize(2);

        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withBody(OK)));
        String first = deadLetters.get(0).get("id").asText();
        JsonNode replay = Gateway.json(gateway.admin("POST", "/admin/dead-letters/" + first + "/replay", null));
        assertThat(replay.at("/response/code").asText()).isEqualTo("SUCCESS");
        JsonNode marked = Gateway.json(gateway.admin("GET", "/admin/dead-letters/" + first, null));
        assertThat(marked.get("replayCode").asText()).isEqualTo("SUCCESS");
        assertThat(marked.get("replayNotificationId").asText()).isEqualTo(replay.at("/response/notificationId").asText());
        assertThat(marked.get("replayedAt").isNull()).isFalse();

        // the bulk call takes only dead letters never replayed: the second one
        JsonNode batch = Gateway.json(gateway.admin("POST", "/admin/dead-letters/replay?websiteId=" + websiteId, null));
        assertThat(batch.get("replayed").asInt()).isEqualTo(1);
        assertThat(batch.at("/items/0/deadLetterId").asText()).isEqualTo(deadLetters.get(1).get("id").asText());
        assertThat(batch.at("/codes/SUCCESS").asInt()).isEqualTo(1);
        assertThat(sent()).isEqualTo(4);          // 2 refused + 2 replayed

        assertThat(gateway.admin("DELETE", "/admin/dead-letters/" + first, null).statusCode()).isEqualTo(204);
        assertThat(gateway.admin("GET", "/admin/dead-letters/" + first, null).statusCode()).isEqualTo(404);
        assertThat(deadLetters()).hasSize(1);
    }

    @Test
    void deadLetterFiltersAreChecked() throws Exception {
        for (String query : List.of("limit=-1", "offset=x", "since=yesterday")) {
            HttpResponse<String> response = gateway.admin("GET", "/admin/dead-letters?" + query, null);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
        }
        assertThat(gateway.admin("GET", "/admin/dead-letters?channel=rest&since=2020-01-01T00:00:00Z&limit=1", null)
                .statusCode()).isEqualTo(200);
    }

    @Test
    void twoNodesOnOneDatabaseSendEachQueuedNotificationOnce() throws Exception {
        // Retry-After keeps the first node from retrying (and exhausting attempts) before the stub recovers
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2")));
        List<JsonNode> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(send());
        }
        assertThat(answers).allMatch(a -> a.get("code").asText().equals("QUEUED"));

        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200).withBody(OK)));
        Map<String, String> secondNodeProperties = new java.util.HashMap<>(properties);
        secondNodeProperties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        try (Gateway secondNode = Gateway.start(secondNodeProperties)) {
            for (JsonNode answer : answers) {
                awaitStatus(answer, "SENT");
            }
        }
        assertThat(sent()).isEqualTo(20);
        assertThat(deadLetters()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    void failThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(failure).willSetStateTo("recovered"));
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
    }

    JsonNode send() throws Exception {
        return Gateway.json(gateway.notify(websiteId, apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}"));
    }

    int sent() {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES))).size();
    }

    String status(JsonNode answer) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications/" + answer.get("notificationId").asText(), null))
                .get("status").asText();
    }

    void awaitStatus(JsonNode answer, String status) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(answer), status::equals);
    }

    List<JsonNode> deadLetters() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + websiteId, null)).forEach(items::add);
        return items;
    }
}
