package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A transient blip is retried while the REST caller waits, so a caller written against the published contract
 * gets SUCCESS; only what still fails is QUEUED. Default in-line settings: 3 calls, 200 ms then 400 ms apart.
 * Only what proves nothing was sent is a blip: a call in doubt (its request written, no readable answer) is not
 * tried again (CloudApiDoubtTest has the refused connection that is).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InlineRetriesTest {

    static final String OK = "{\"messages\":[{\"id\":\"wamid.I\"}]}";
    static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    Gateway gateway;
    String websiteId;
    String apiKey;
    /** Each test's website has a phone number of its own: a retry left by another test never counts here. */
    String messages;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.whatsapp.response-timeout-ms", "700");
        properties.put("hsm.delivery.max-attempts", "4");
        properties.put("hsm.delivery.backoff-initial-ms", "100");
        properties.put("hsm.delivery.backoff-max-ms", "300");
        properties.put("hsm.delivery.poll-ms", "100");
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
        int n = WEBSITES.incrementAndGet();
        websiteId = "inline" + n;
        String phoneId = "30" + n;
        messages = "/v23.0/" + phoneId + "/messages";
        apiKey = gateway.website(websiteId, phoneId, "token");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    @Test
    void oneServerErrorThenSuccessIsAnsweredSuccess() throws Exception {
        failOnceThenSucceed(aResponse().withStatus(500).withBody("{\"error\":{\"code\":1,\"message\":\"unknown\"}}"));

        HttpResponse<String> response = send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("SUCCESS");
        List<LoggedRequest> calls = calls();
        assertThat(calls).hasSize(2);
        assertThat(gap(calls, 0)).isGreaterThanOrEqualTo(200);
        JsonNode status = status(Gateway.json(response));
        assertThat(status.get("status").asText()).isEqualTo("SENT");
    }

    // Before: the reset call was tried again in-line, the caller got SUCCESS and WhatsApp held 2 copies.
    @Test
    void aConnectionResetAfterTheRequestWasReadIsInDoubtAndNotTriedAgain() throws Exception {
        // WireMock's first answer can take longer than the 700 ms response timeout: warmed up, the reset is what is seen
        cloudApi.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(200).withBody(OK)));
        await().atMost(Duration.ofSeconds(15)).until(() -> Gateway.json(send()).get("code").asText(), "SUCCESS"::equals);
        cloudApi.resetAll();
        failOnceThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        HttpResponse<String> response = send();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        JsonNode answer = Gateway.json(response);
        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(answer.at("/result/reason").asText()).startsWith("connection broken after the request was written");
        assertThat(status(answer).get("status").asText()).isEqualTo("UNKNOWN");
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> calls().size() == 1);
    }

    @Test
    void whatStillFailsAfterTheInlineTriesIsQueuedAndTheWorkerCarriesOn() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(503)));

        HttpResponse<String> response = send();

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = Gateway.json(response);
        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        List<LoggedRequest> calls = calls();
        assertThat(calls).hasSize(3);                          // in-line: 3 calls, 200 ms then 400 ms apart
        assertThat(gap(calls, 0)).isGreaterThanOrEqualTo(200);
        assertThat(gap(calls, 1)).isGreaterThanOrEqualTo(400);
        // the retry worker makes the 4th and last attempt (hsm.delivery.max-attempts=4), then a dead letter
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(status(answer).get("status").asText()));
        assertThat(calls()).hasSize(4);
        JsonNode callersView = Gateway.json(gateway.request("GET", "/website/" + websiteId + "/hsm/notifications/"
                + answer.get("notificationId").asText(), null, null, Map.of("apikey", apiKey)));
        assertThat(callersView.at("/result/attempts").asInt()).isEqualTo(4);
    }

    @Test
    void aRateLimitIsQueuedNotHammeredInline() throws Exception {
        failOnceThenSucceed(aResponse().withStatus(400).withHeader("Retry-After", "1")
                .withBody("{\"error\":{\"code\":130429,\"message\":\"Rate limit hit\"}}"));

        JsonNode answer = Gateway.json(send());

        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        assertThat(calls()).hasSize(1);
    }

    @Test
    void permanentErrorsAndTimeoutsAreNeverRetriedInline() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"code\":131026,\"message\":\"Message undeliverable\"}}")));
        assertThat(Gateway.json(send()).get("code").asText()).isEqualTo("PROVIDER_ERROR");
        assertThat(calls()).hasSize(1);

        cloudApi.resetAll();
        cloudApi.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(200).withFixedDelay(1500).withBody(OK)));
        assertThat(Gateway.json(send()).get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(calls()).hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    void failOnceThenSucceed(ResponseDefinitionBuilder failure) {
        cloudApi.stubFor(post(urlEqualTo(messages)).inScenario("blip").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(failure).willSetStateTo("recovered"));
        cloudApi.stubFor(post(urlEqualTo(messages)).inScenario("blip").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(OK)));
    }

    HttpResponse<String> send() throws Exception {
        return gateway.notify(websiteId, apiKey, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}");
    }

    List<LoggedRequest> calls() {
        return cloudApi.findAll(postRequestedFor(urlEqualTo(messages)));
    }

    static long gap(List<LoggedRequest> calls, int first) {
        return calls.get(first + 1).getLoggedDate().getTime() - calls.get(first).getLoggedDate().getTime();
    }

    JsonNode status(JsonNode answer) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications/" + answer.get("notificationId").asText(), null));
    }
}
