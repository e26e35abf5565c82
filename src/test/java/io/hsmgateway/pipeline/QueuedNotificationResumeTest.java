package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.hsmgateway.support.Gateway;
import org.apache.camel.Message;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.hsmgateway.pipeline.TestDoors.MESSAGES_PATH;
import static io.hsmgateway.pipeline.TestDoors.REQUEST;
import static io.hsmgateway.pipeline.TestDoors.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A notification answered QUEUED to its door is taken up again by the retry worker, which resumes it through the
 * sink: delivered on a later poll (its row becomes SENT), or, once the attempts are spent, published as a dead
 * letter on its own door's channel, once, like a refusal at the door.
 */
class QueuedNotificationResumeTest {

    private static final Duration RETRIED_WITHIN = Duration.ofSeconds(30);

    @RegisterExtension
    static final GatewayWithTestDoors doors = new GatewayWithTestDoors()
            // the first call fails and is queued at once; the retry worker's call is the last one
            .with("hsm.delivery.inline-attempts", "1")
            .with("hsm.delivery.max-attempts", "2")
            .with("hsm.delivery.backoff-initial-ms", "100")
            .with("hsm.delivery.backoff-max-ms", "300")
            .with("hsm.delivery.poll-ms", "100")
            .withEachTestStubbingTheCloudApi();

    private MockEndpoint deadLetters;

    @BeforeEach
    void emptyTheDeadLetterMock() {
        deadLetters = doors.mock("dead-letters-of-test-door");
    }

    @Test
    void aQueuedNotificationIsDeliveredOnALaterPoll() throws Exception {
        doors.cloudApi().stubFor(post(urlEqualTo(MESSAGES_PATH)).inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("back"));
        doors.cloudApi().stubFor(post(urlEqualTo(MESSAGES_PATH)).inScenario("outage").whenScenarioStateIs("back")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"messages\":[{\"id\":\"wamid.RETRIED\"}]}")));

        JsonNode queued = send();

        assertThat(queued.get("code").asText()).isEqualTo("QUEUED");
        String notificationId = queued.get("notificationId").asText();
        await().atMost(RETRIED_WITHIN).until(() -> status(notificationId).get("status").asText().equals("SENT"));
        assertThat(status(notificationId).get("providerMessageId").asText()).isEqualTo("wamid.RETRIED");
        doors.cloudApi().verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        assertThat(deadLetters.getReceivedExchanges()).isEmpty();
    }

    @Test
    void aQueuedNotificationGivenUpOnIsPublishedOnceOnItsDoorsChannel() throws Exception {
        doors.cloudApi().stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(503)));

        JsonNode queued = send();

        assertThat(queued.get("code").asText()).isEqualTo("QUEUED");
        assertThat(deadLetters.getReceivedExchanges()).isEmpty();
        String notificationId = queued.get("notificationId").asText();
        await().atMost(RETRIED_WITHIN).until(() -> !deadLetters.getReceivedExchanges().isEmpty());
        assertThat(status(notificationId).get("status").asText()).isEqualTo("FAILED");
        assertThat(deadLetters.getReceivedExchanges()).hasSize(1);
        Message event = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(event.getBody(String.class)).isEqualTo(REQUEST);
        assertThat(event.getHeaders()).containsEntry("websiteId", WEBSITE)
                .containsEntry("channel", "test-door")
                .containsEntry("code", "PROVIDER_ERROR")
                .containsEntry("statusCode", "502")
                .containsEntry("notificationId", notificationId);
        doors.cloudApi().verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    private JsonNode send() throws Exception {
        return TestDoors.json(doors.send("test-door", REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey())));
    }

    private static JsonNode status(String notificationId) throws Exception {
        return Gateway.json(doors.gateway().admin("GET", "/admin/notifications/" + notificationId, null));
    }
}
