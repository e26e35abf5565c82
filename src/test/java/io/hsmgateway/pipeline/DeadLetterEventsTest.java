package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.hsmgateway.pipeline.TestDoors.INVALID_REQUEST;
import static io.hsmgateway.pipeline.TestDoors.MESSAGES_PATH;
import static io.hsmgateway.pipeline.TestDoors.REQUEST;
import static io.hsmgateway.pipeline.TestDoors.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dead-lettering as an event: each notification the gateway will not deliver is published once, on its own door's
 * channel, in one shape (the request as handed over; headers websiteId, channel, code, statusCode, description,
 * notificationId), to the hsm-dead-letter-source kamelet's subscribers. The event is delivered on the door's own
 * thread, so it has arrived (or not) by the time the sink answers: no waiting here.
 */
class DeadLetterEventsTest {

    @RegisterExtension
    static final GatewayWithTestDoors doors = new GatewayWithTestDoors()
            // a transient failure is answered QUEUED at once, not retried in-line
            .with("hsm.delivery.inline-attempts", "1");

    private MockEndpoint deadLetters;
    private MockEndpoint otherDoorsDeadLetters;

    @BeforeEach
    void emptyTheDeadLetterMocks() {
        deadLetters = doors.mock("dead-letters-of-test-door");
        otherDoorsDeadLetters = doors.mock("dead-letters-of-granted-door");
    }

    @Test
    void aRefusedNotificationIsPublishedOnceOnItsDoorsChannel() throws Exception {
        JsonNode envelope = TestDoors.json(send(INVALID_REQUEST, null));

        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(deadLetters.getReceivedExchanges()).hasSize(1);
        Message event = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(event.getBody(String.class)).isEqualTo(INVALID_REQUEST);
        assertThat(event.getHeaders()).containsEntry("websiteId", WEBSITE)
                .containsEntry("channel", "test-door")
                .containsEntry("code", "INVALID_BODY")
                .containsEntry("statusCode", "400")
                .containsEntry("description", envelope.get("description").asText())
                .containsEntry("notificationId", envelope.get("notificationId").asText());
        assertThat(otherDoorsDeadLetters.getReceivedExchanges()).isEmpty();
    }

    @Test
    void aWhatsAppRefusalIsPublishedWithItsNotificationId() throws Exception {
        doors.cloudApi().stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Message undeliverable\",\"code\":131026}}")));

        JsonNode envelope = TestDoors.json(send(REQUEST, null));

        assertThat(envelope.get("code").asText()).isEqualTo("PROVIDER_ERROR");
        assertThat(deadLetters.getReceivedExchanges()).hasSize(1);
        Message event = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(event.getBody(String.class)).isEqualTo(REQUEST);
        assertThat(event.getHeader("code")).isEqualTo("PROVIDER_ERROR");
        assertThat(event.getHeader("statusCode")).isEqualTo("502");
        assertThat(event.getHeader("notificationId")).isEqualTo(envelope.get("notificationId").asText());
    }

    @Test
    void aSentNotificationIsNotPublished() throws Exception {
        assertThat(TestDoors.json(send(REQUEST, null)).get("code").asText()).isEqualTo("SUCCESS");

        assertThat(deadLetters.getReceivedExchanges()).isEmpty();
    }

    @Test
    void aQueuedNotificationIsNotPublished() throws Exception {
        doors.cloudApi().stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(503)));

        assertThat(TestDoors.json(send(REQUEST, null)).get("code").asText()).isEqualTo("QUEUED");

        assertThat(deadLetters.getReceivedExchanges()).isEmpty();
    }

    @Test
    void anUnauthenticatedRefusalCarriesNoNotificationIdTheCallerNeverGot() throws Exception {
        JsonNode envelope = TestDoors.json(doors.send("test-door", REQUEST,
                Map.of("websiteId", WEBSITE, "apikey", "hsm_wrong")));

        assertThat(envelope.get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(envelope.has("notificationId")).isFalse();
        assertThat(deadLetters.getReceivedExchanges()).hasSize(1);
        Message event = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(event.getHeader("code")).isEqualTo("UNAUTHORIZED");
        assertThat(event.getHeader("websiteId")).isEqualTo(WEBSITE);
        assertThat(event.getHeader("notificationId")).isNull();
    }

    @Test
    void aRefusalAnsweredAgainForARepeatedKeyIsPublishedAgainWithTheFirstNotificationsId() throws Exception {
        // a JMS message redelivered after a rollback: its first answer is replayed, and dead-lettered again
        JsonNode first = TestDoors.json(send(INVALID_REQUEST, "event-77"));
        JsonNode again = TestDoors.json(send(INVALID_REQUEST, "event-77"));

        assertThat(again).isEqualTo(first);
        assertThat(deadLetters.getReceivedExchanges()).hasSize(2);
        for (Exchange event : deadLetters.getReceivedExchanges()) {
            assertThat(event.getMessage().getHeader("code")).isEqualTo("INVALID_BODY");
            assertThat(event.getMessage().getHeader("notificationId")).isEqualTo(first.get("notificationId").asText());
            assertThat(event.getMessage().getBody(String.class)).isEqualTo(INVALID_REQUEST);
        }
    }

    @Test
    void anotherDoorsRefusalIsNotPublishedOnThisChannel() throws Exception {
        JsonNode envelope = TestDoors.json(doors.send("granted-door", INVALID_REQUEST, Map.of("websiteId", WEBSITE)));

        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(deadLetters.getReceivedExchanges()).isEmpty();
        assertThat(otherDoorsDeadLetters.getReceivedExchanges()).hasSize(1);
        assertThat(otherDoorsDeadLetters.getReceivedExchanges().get(0).getMessage().getHeader("channel")).isEqualTo("granted-door");
    }

    @Test
    void aSubscriberThatFailsIsReportedToTheDoorAfterTheSink() throws Exception {
        MockEndpoint unstored = doors.mock("dead-letters-of-unstored-door");
        MockEndpoint after = doors.mock("after-unstored-door");

        Exchange done = doors.send("unstored-door", INVALID_REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey()));

        assertThat(unstored.getReceivedExchanges()).hasSize(1);
        assertThat(after.getReceivedExchanges()).hasSize(1);
        Exchange answered = after.getReceivedExchanges().get(0);
        assertThat(answered.getProperty(Hsm.DEAD_LETTER_FAILED, Boolean.class)).isTrue();
        assertThat(TestDoors.json(answered).get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(done.getException()).isNull();
    }

    @Test
    void aSubscriberThatTakesTheEventLeavesTheDoorNothingToReport() throws Exception {
        MockEndpoint after = doors.mock("after-test-door");

        send(INVALID_REQUEST, null);

        assertThat(deadLetters.getReceivedExchanges()).hasSize(1);
        assertThat(after.getReceivedExchanges().get(0).getProperty(Hsm.DEAD_LETTER_FAILED)).isNull();
    }

    private Exchange send(String body, String idempotencyKey) {
        Map<String, Object> headers = idempotencyKey == null
                ? Map.of("websiteId", WEBSITE, "apikey", doors.apiKey())
                : Map.of("websiteId", WEBSITE, "apikey", doors.apiKey(), "idempotencyKey", idempotencyKey);
        return doors.send("test-door", body, headers);
    }
}
