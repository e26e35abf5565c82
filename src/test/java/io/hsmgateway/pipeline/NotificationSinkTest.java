package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.support.Gateway;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.hsmgateway.pipeline.TestDoors.INVALID_REQUEST;
import static io.hsmgateway.pipeline.TestDoors.MESSAGES_PATH;
import static io.hsmgateway.pipeline.TestDoors.REQUEST;
import static io.hsmgateway.pipeline.TestDoors.WEBSITE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hsm-notify-sink kamelet's contract, seen from a door of the test's own (a YAML route: from, the sink, a step
 * after it): the door always goes on after the sink with the envelope, success or failure; its headers go no
 * further; the sink's parameters are expressions on the door's exchange.
 */
class NotificationSinkTest {

    private static final String DOOR = "test-door";
    private static final String AFTER_DOOR = "after-test-door";

    @RegisterExtension
    static final GatewayWithTestDoors doors = new GatewayWithTestDoors();

    private MockEndpoint after;

    @BeforeEach
    void emptyTheMockAfterTheDoor() {
        after = doors.mock(AFTER_DOOR);
    }

    @Test
    void theDoorGoesOnAfterTheSinkWithTheEnvelopeOfASuccess() throws Exception {
        Exchange done = doors.send(DOOR, REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey()));

        assertThat(after.getReceivedExchanges()).hasSize(1);
        Exchange answered = after.getReceivedExchanges().get(0);
        JsonNode envelope = TestDoors.json(answered);
        assertThat(envelope.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(200);
        assertThat(envelope.get("result").asText()).isEqualTo("HSM notification sent to 5491100000001.");
        assertThat(envelope.get("notificationId").asText()).isNotBlank();
        ApiResponse response = answered.getProperty(Hsm.RESPONSE, ApiResponse.class);
        assertThat(response.code()).isEqualTo("SUCCESS");
        assertThat(response.notificationId()).isEqualTo(envelope.get("notificationId").asText());
        assertThat(answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(200);
        assertThat(done.getException()).isNull();
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo("5491100000001"))));
    }

    @Test
    void theDoorGoesOnAfterAWrongApiKey() throws Exception {
        assertTheDoorWentOnWith(doors.send(DOOR, REQUEST, Map.of("websiteId", WEBSITE, "apikey", "hsm_wrong")),
                "UNAUTHORIZED", 401);
    }

    @Test
    void theDoorGoesOnAfterAMissingApiKey() throws Exception {
        assertTheDoorWentOnWith(doors.send(DOOR, REQUEST, Map.of("websiteId", WEBSITE)), "UNAUTHORIZED", 401);
    }

    @Test
    void theDoorGoesOnAfterAnInvalidBody() throws Exception {
        JsonNode envelope = assertTheDoorWentOnWith(
                doors.send(DOOR, INVALID_REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey())), "INVALID_BODY", 400);
        assertThat(envelope.get("notificationId").asText()).isNotBlank();
    }

    @Test
    void theDoorsHeadersNeitherReachTheCloudApiNorComeBack() throws Exception {
        Map<String, Object> headers = Map.of("websiteId", WEBSITE, "apikey", doors.apiKey(), "X-Door-Trace", "trace-42");

        Exchange sent = doors.send(DOOR, REQUEST, headers);
        Exchange refused = doors.send(DOOR, INVALID_REQUEST, headers);

        List<LoggedRequest> calls = doors.cloudApi().findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).getHeader("Authorization")).isEqualTo("Bearer " + TestDoors.ACCESS_TOKEN);
        assertThat(calls.get(0).getAllHeaderKeys()).doesNotContainAnyElementsOf(headers.keySet());
        assertThat(calls.get(0).getBodyAsString()).doesNotContain(doors.apiKey());
        for (Exchange answered : List.of(sent, refused)) {
            assertThat(answered.getMessage().getHeaders().keySet())
                    .containsExactlyInAnyOrder(Exchange.HTTP_RESPONSE_CODE, Exchange.CONTENT_TYPE);
            assertThat(answered.getMessage().getBody(String.class)).doesNotContain(doors.apiKey());
        }
    }

    @Test
    void theDoorsHeadersCannotSteerThePipeline() throws Exception {
        // a source that passes Camel's own headers on (direct here; a component without a header filter elsewhere)
        // must not choose the SQL the pipeline runs
        Exchange done = doors.send(DOOR, REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey(),
                "CamelSqlQuery", "SELECT 'hijacked' AS hijacked"));

        assertThat(TestDoors.json(done).get("code").asText()).isEqualTo("SUCCESS");
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void aGrantedWebsiteNeedsNoApiKey() throws Exception {
        MockEndpoint afterGranted = doors.mock("after-granted-door");

        doors.send("granted-door", REQUEST, Map.of("websiteId", WEBSITE));

        assertThat(afterGranted.getReceivedExchanges()).hasSize(1);
        assertThat(TestDoors.json(afterGranted.getReceivedExchanges().get(0)).get("code").asText()).isEqualTo("SUCCESS");
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void aGrantedWebsiteMustStillExist() throws Exception {
        MockEndpoint afterGranted = doors.mock("after-granted-door");

        doors.send("granted-door", REQUEST, Map.of("websiteId", "no-such-website"));

        assertThat(afterGranted.getReceivedExchanges()).hasSize(1);
        JsonNode envelope = TestDoors.json(afterGranted.getReceivedExchanges().get(0));
        assertThat(envelope.get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(401);
        doors.cloudApi().verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void aRepeatedIdempotencyKeyGetsTheFirstAnswerAndSendsOnce() throws Exception {
        Map<String, Object> headers = Map.of("websiteId", WEBSITE, "apikey", doors.apiKey(), "idempotencyKey", "order-1001");

        JsonNode first = TestDoors.json(doors.send(DOOR, REQUEST, headers));
        JsonNode again = TestDoors.json(doors.send(DOOR, REQUEST, headers));

        assertThat(first.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(again).isEqualTo(first);
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void noIdempotencyKeyMeansEveryEventIsANewNotification() throws Exception {
        Map<String, Object> headers = Map.of("websiteId", WEBSITE, "apikey", doors.apiKey());

        JsonNode first = TestDoors.json(doors.send(DOOR, REQUEST, headers));
        JsonNode second = TestDoors.json(doors.send(DOOR, REQUEST, headers));

        assertThat(first.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(second.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(second.get("notificationId").asText()).isNotEqualTo(first.get("notificationId").asText());
        doors.cloudApi().verify(2, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void aDoorMaySendTwoNotificationsForOneEvent() throws Exception {
        MockEndpoint afterFirst = doors.mock("after-first-of-twice-door");
        MockEndpoint afterSecond = doors.mock("after-second-of-twice-door");
        String toTheShop = REQUEST.replace("5491100000001", "5491100000002");

        doors.send("twice-door", REQUEST, Map.of("websiteId", WEBSITE, "apikey", doors.apiKey(), "secondRequest", toTheShop));

        JsonNode first = TestDoors.json(afterFirst.getReceivedExchanges().get(0));
        JsonNode second = TestDoors.json(afterSecond.getReceivedExchanges().get(0));
        assertThat(first.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(second.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(second.get("result").asText()).isEqualTo("HSM notification sent to 5491100000002.");
        assertThat(second.get("notificationId").asText()).isNotEqualTo(first.get("notificationId").asText());
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo("5491100000001"))));
        doors.cloudApi().verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(matchingJsonPath("$.to", equalTo("5491100000002"))));
        assertThat(status(first)).isEqualTo("SENT");
        assertThat(status(second)).isEqualTo("SENT");
    }

    @Test
    void aFaultOfOursInsideThePipelineIsAnsweredAndTheDoorGoesOn() throws Exception {
        // a fault no caller can provoke, in one step of the pipeline: only for the destination below
        AdviceWith.adviceWith(doors.context(), NotificationPipeline.BUILD_MESSAGE, route -> route.weaveAddFirst()
                .filter(route.simple("${exchangeProperty." + Hsm.REQUEST_JSON + "} contains '5491199999999'"))
                .throwException(new IllegalStateException("a fault of ours")));

        Exchange done = doors.send(DOOR, REQUEST.replace("5491100000001", "5491199999999"),
                Map.of("websiteId", WEBSITE, "apikey", doors.apiKey()));

        assertThat(after.getReceivedExchanges()).hasSize(1);
        JsonNode envelope = TestDoors.json(after.getReceivedExchanges().get(0));
        assertThat(envelope.get("code").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(500);
        assertThat(envelope.toString()).doesNotContain("a fault of ours");
        assertThat(done.getException()).isNull();
        doors.cloudApi().verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    private JsonNode assertTheDoorWentOnWith(Exchange done, String code, int statusCode) throws Exception {
        assertThat(after.getReceivedExchanges()).hasSize(1);
        Exchange answered = after.getReceivedExchanges().get(0);
        JsonNode envelope = TestDoors.json(answered);
        assertThat(envelope.get("code").asText()).isEqualTo(code);
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(statusCode);
        assertThat(answered.getProperty(Hsm.RESPONSE, ApiResponse.class).code()).isEqualTo(code);
        assertThat(answered.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)).isEqualTo(statusCode);
        assertThat(done.getException()).isNull();
        doors.cloudApi().verify(0, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        return envelope;
    }

    private static String status(JsonNode envelope) throws Exception {
        return Gateway.json(doors.gateway().admin("GET", "/admin/notifications/" + envelope.get("notificationId").asText(), null))
                .get("status").asText();
    }
}
