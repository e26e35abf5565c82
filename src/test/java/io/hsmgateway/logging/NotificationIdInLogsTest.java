package io.hsmgateway.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.DebugLogging;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.apache.camel.processor.SendProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The notification id is the log's correlation id: a notification that fails (WhatsApp answers 500, it is queued;
 * the retry worker tries again and the call times out) is logged, on the REST door's pipeline thread and on the
 * retry worker's, with its id in the MDC ({@code [n:<id>]} in the log); work done afterwards on those same threads
 * (the next notification, the retry worker's next polls, a status query on the one HTTP worker) never carries it.
 */
class NotificationIdInLogsTest {

    /** The retry worker's first step at every poll. */
    private static final String POLL = "mark-stale-deliveries-unknown.sql";

    private WireMockServer cloudApi;
    private Gateway gateway;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Test
    void aFailingNotificationsLinesCarryItsIdAndNoLaterLineOnTheSameThreadsDoes() throws Exception {
        cloudApi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("slow"));
        cloudApi.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs("slow")
                .willReturn(aResponse().withStatus(200).withFixedDelay(8000)
                        .withBody("{\"messages\":[{\"id\":\"wamid.late\"}]}")).willSetStateTo("fine"));
        cloudApi.stubFor(post(anyUrl()).inScenario("flaky").whenScenarioStateIs("fine")
                .willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.fine\"}]}")));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        // one HTTP worker and one pipeline thread: every request after the failing one runs on the same threads
        properties.put("hsm.http.worker-threads", "1");
        // long enough for a cold first call on a busy machine; the second call takes longer still
        properties.put("hsm.whatsapp.response-timeout-ms", "3000");
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.backoff-initial-ms", "200");
        properties.put("hsm.delivery.poll-ms", "200");
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("w", "100200300", "token");
        gateway.template("w", "1", CloudApiStub.TEXT_TEMPLATE);

        // every step that sends somewhere is logged at DEBUG, on the thread it runs on: lines for and after the failure
        try (LogCapture log = LogCapture.start(); DebugLogging sends = DebugLogging.of(SendProcessor.class)) {
            HttpResponse<String> queued = notify(apiKey);
            assertThat(Gateway.json(queued).path("code").asText()).isEqualTo("QUEUED");
            String failing = Gateway.json(queued).path("notificationId").asText();

            // the retry worker's pass: the call times out, the notification ends UNKNOWN
            await().atMost(Duration.ofSeconds(20)).until(() -> status(apiKey, failing).equals("UNKNOWN"));
            List<ILoggingEvent> failure = log.events().stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN) && e.getFormattedMessage().contains(failing))
                    .toList();
            assertThat(failure).as("the WARN/ERROR lines about " + failing).hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).as(e.getFormattedMessage())
                            .containsEntry(NotificationLogContext.MDC_KEY, failing));
            String pipelineThread = failure.get(0).getThreadName();
            String retryThread = failure.get(failure.size() - 1).getThreadName();
            assertThat(failure.get(failure.size() - 1).getFormattedMessage()).contains("attempt 2");
            assertThat(retryThread).isNotEqualTo(pipelineThread);
            // the retry worker's exchange has completed once its thread has started another poll
            int retried = log.events().size();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.events().stream().skip(retried)
                    .anyMatch(e -> e.getThreadName().equals(retryThread) && e.getFormattedMessage().contains(POLL)));

            int afterwards = log.events().size();
            // an unrelated status query on the one HTTP worker, the next notification on the one pipeline thread
            assertThat(gateway.request("GET", "/website/w/hsm/notifications/" + UUID.randomUUID(), null, null,
                    Map.of("apikey", apiKey)).statusCode()).isEqualTo(404);
            HttpResponse<String> next = notify(apiKey);
            assertThat(Gateway.json(next).path("code").asText()).isEqualTo("SUCCESS");
            String nextId = Gateway.json(next).path("notificationId").asText();
            await().atMost(Duration.ofSeconds(10)).until(() -> log.events().stream().skip(afterwards)
                    .filter(e -> e.getThreadName().equals(retryThread) && e.getFormattedMessage().contains(POLL)).count() >= 2);

            List<ILoggingEvent> later = log.events().stream().skip(afterwards).toList();
            assertThat(later).as("lines logged after the failure was handled")
                    .noneMatch(e -> failing.equals(e.getMDCPropertyMap().get(NotificationLogContext.MDC_KEY)));
            assertThat(on(later, retryThread)).as("the retry worker's next polls").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).doesNotContainKey(NotificationLogContext.MDC_KEY));
            assertThat(on(later, pipelineThread)).as("the next notification, on the same pipeline thread").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry(NotificationLogContext.MDC_KEY, nextId));
            assertThat(later.stream().filter(e -> e.getFormattedMessage().contains("find-notification.sql")).toList())
                    .as("the status query's lines, on the HTTP worker").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getMDCPropertyMap()).doesNotContainKey(NotificationLogContext.MDC_KEY));
        }
    }

    private HttpResponse<String> notify(String apiKey) throws Exception {
        return gateway.notify("w", apiKey, "{\"templateId\":\"1\",\"destination\":\"542994843975\",\"params\":{\"name\":\"Ana\"}}");
    }

    private String status(String apiKey, String notificationId) throws Exception {
        HttpResponse<String> response = gateway.request("GET", "/website/w/hsm/notifications/" + notificationId, null, null,
                Map.of("apikey", apiKey));
        return Gateway.json(response).at("/result/status").asText();
    }

    private static List<ILoggingEvent> on(List<ILoggingEvent> events, String thread) {
        Predicate<ILoggingEvent> onThread = e -> e.getThreadName().equals(thread);
        return events.stream().filter(onThread).toList();
    }
}
