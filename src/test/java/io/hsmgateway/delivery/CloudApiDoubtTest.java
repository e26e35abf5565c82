package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.RawCloudApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Only a failure that proves nothing was sent is retried. Once the request is written, a Cloud API that closes or
 * resets the connection, answers a 2xx the gateway cannot read, answers without end or never answers leaves the
 * notification in doubt: UNKNOWN, answered PROVIDER_TIMEOUT, sent once, never queued, never a dead letter to replay.
 * The stand-in is a raw socket (WireMock cannot close after reading, refuse connections, or stream 300 MB).
 * The gateway runs with the default timeouts, answer deadline and in-line retries; only the retry worker is quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CloudApiDoubtTest {

    static final String OK = "{\"messages\":[{\"id\":\"wamid.DOUBT\"}]}";
    static final AtomicInteger WEBSITES = new AtomicInteger();

    RawCloudApi cloudApi;
    Gateway gateway;
    String websiteId;
    String apiKey;
    /** Each test's website has a phone number of its own: copies are counted on its messages path. */
    String messages;

    @BeforeAll
    void start() throws Exception {
        cloudApi = RawCloudApi.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        // a queued notification would be tried again within a second: "nothing queued" is seen, not assumed
        properties.put("hsm.delivery.poll-ms", "100");
        properties.put("hsm.delivery.backoff-initial-ms", "100");
        properties.put("hsm.jms.enabled", "false");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.close();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.behave(RawCloudApi.answer(200, "application/json", OK));
        int n = WEBSITES.incrementAndGet();
        websiteId = "doubt" + n;
        String phoneId = "40" + n;
        messages = "/v23.0/" + phoneId + "/messages";
        apiKey = gateway.website(websiteId, phoneId, "token");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    // Before: 3 copies in-line within 0.6 s, then QUEUED and 3 more from the retry queue, then a dead letter.
    @Test
    void aConnectionClosedAfterTheRequestWasReadIsInDoubtAndSentOnce() throws Exception {
        cloudApi.behave(RawCloudApi.closeWithoutAnswer());

        HttpResponse<String> response = send();

        assertInDoubt(response, "connection closed without an answer");
    }

    @Test
    void aConnectionResetAfterTheRequestWasReadIsInDoubtAndSentOnce() throws Exception {
        cloudApi.behave(RawCloudApi.resetWithoutAnswer());

        HttpResponse<String> response = send();

        assertInDoubt(response, "connection broken after the request was written");
    }

    // Before: 502 PROVIDER_ERROR "accepted without a message id" and a replayable dead letter.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "text/html        | <html><body>Message sent</body></html>",
            "application/json | garbage{",
            "application/json | '{\"messages\":[]}'",
            "application/json | '{\"messages\":[{\"id\":\"\"}]}'",
    })
    void aTwoHundredWithoutAMessageIdIsInDoubtNotARefusal(String contentType, String body) throws Exception {
        cloudApi.behave(RawCloudApi.answer(200, contentType, body));

        HttpResponse<String> response = send();

        assertInDoubt(response, "HTTP 200 without a message id");
    }

    // Before: the gateway read all 300 MB (the stand-in wrote every byte) and answered 502 PROVIDER_ERROR.
    @Test
    void aThreeHundredMegabyteAnswerIsNotReadWholeAndIsInDoubt() throws Exception {
        long size = 300L * 1024 * 1024;
        RawCloudApi.Streamed streamed = new RawCloudApi.Streamed();
        cloudApi.behave(RawCloudApi.streamAnswer(size, streamed));

        long started = System.nanoTime();
        HttpResponse<String> response = send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertInDoubt(response, "a Cloud API answer larger than 262144 bytes: not read");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(streamed::finished);
        // the gateway dropped the connection after its bound: what the stand-in got out is the bound plus the
        // sockets' buffers, a small part of the answer
        assertThat(streamed.cutShort()).isTrue();
        assertThat(streamed.written()).isLessThan(32L * 1024 * 1024);
    }

    // Nothing listening: the request was never written, so it is retried (in-line, then queued) and sent once.
    @Test
    void aRefusedConnectionIsStillRetriedAndQueued() throws Exception {
        cloudApi.stopListening();
        JsonNode answer;
        try {
            HttpResponse<String> response = send();
            assertThat(response.statusCode()).isEqualTo(202);
            answer = Gateway.json(response);
            assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
            assertThat(answer.at("/result/nextAttemptAt").isTextual()).isTrue();
        } finally {
            cloudApi.listen();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> status(answer), "SENT"::equals);
        assertThat(cloudApi.requestsTo(messages)).isEqualTo(1);
        assertThat(deadLetters()).isEmpty();
    }

    // Before: IN_PROGRESS (202) at 10 s, the answer deadline being the response timeout; the README's 504 never came.
    @Test
    void aHangingCloudApiGivesTheCallerProviderTimeoutAtTheResponseTimeoutWithTheDefaults() throws Exception {
        cloudApi.behave(RawCloudApi.hang());

        long started = System.nanoTime();
        HttpResponse<String> response = send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertInDoubt(response, "read timeout");
        // hsm.whatsapp.response-timeout-ms (10 s), well inside hsm.rest.answer-within-ms (20 s)
        assertThat(took).isBetween(Duration.ofMillis(9500), Duration.ofSeconds(15));
    }

    // Before: 500 INTERNAL_ERROR (Instant + Long.MAX_VALUE seconds overflowed).
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "503 | {\"error\":{\"code\":1,\"message\":\"unavailable\"}}",
            "400 | {\"error\":{\"code\":130429,\"message\":\"Rate limit hit\"}}",
            "429 | {\"error\":{\"code\":80007,\"message\":\"Rate limit issues\"}}",
    })
    void aRetryAfterOfAnySizeIsCappedAtTheLongestBackoff(int status, String body) throws Exception {
        cloudApi.behave(RawCloudApi.answer(status, "application/json", "Retry-After: 9223372036854775807\r\n", body));

        Instant before = Instant.now();
        HttpResponse<String> response = send();
        Instant after = Instant.now();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = Gateway.json(response);
        assertThat(answer.get("code").asText()).isEqualTo("QUEUED");
        // hsm.delivery.backoff-max-ms: 300000 by default
        Instant next = Instant.parse(answer.at("/result/nextAttemptAt").asText());
        assertThat(next).isBetween(before.plusSeconds(299), after.plusSeconds(301));
        assertThat(cloudApi.requestsTo(messages)).isEqualTo(1);
        assertThat(status(answer)).isEqualTo("RETRYING");
    }

    // ------------------------------------------------------------------ helpers

    /** Told it may or may not have been sent; UNKNOWN; one copy, and no more; nothing queued; no dead letter. */
    void assertInDoubt(HttpResponse<String> response, String reason) throws Exception {
        JsonNode answer = Gateway.json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
        assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        assertThat(answer.get("description").asText()).contains("may or may not have been sent");
        assertThat(answer.at("/result/reason").asText()).startsWith(reason);
        assertThat(status(answer)).isEqualTo("UNKNOWN");
        // the retry worker polls every 100 ms with a 100 ms backoff: a queued copy would come within this
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> cloudApi.requestsTo(messages) == 1);
        assertThat(status(answer)).isEqualTo("UNKNOWN");
        assertThat(deadLetters()).isEmpty();
    }

    HttpResponse<String> send() throws Exception {
        return gateway.notify(websiteId, apiKey, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}");
    }

    String status(JsonNode answer) throws Exception {
        return Gateway.json(gateway.admin("GET", "/admin/notifications/" + answer.get("notificationId").asText(), null))
                .get("status").asText();
    }

    List<JsonNode> deadLetters() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + websiteId, null)).forEach(items::add);
        return items;
    }
}
