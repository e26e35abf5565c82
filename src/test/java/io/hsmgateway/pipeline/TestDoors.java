package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

import java.io.IOException;

/**
 * The route-level tests' own doors ({@code src/test/resources/test-doors/sink-doors.camel.yaml}) on the real
 * gateway: each is a {@code direct:} endpoint, the hsm-notify-sink kamelet and a mock endpoint after it that
 * records what the door goes on with. One website with a TEXT template; JMS off. {@link GatewayWithTestDoors} starts
 * the gateway with them.
 */
final class TestDoors {

    static final String ROUTES = "classpath:test-doors/sink-doors.camel.yaml";

    static final String WEBSITE = "shop";
    static final String PHONE_NUMBER_ID = "1001";
    static final String ACCESS_TOKEN = "token-shop";
    static final String MESSAGES_PATH = "/v23.0/" + PHONE_NUMBER_ID + "/messages";
    static final String TEMPLATE_ID = "7";
    static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"5491100000001\",\"params\":{\"name\":\"Ana\"}}";
    /** Refused after authentication (a destination of three digits): INVALID_BODY, with a notification id. */
    static final String INVALID_REQUEST = "{\"templateId\":\"7\",\"destination\":\"123\",\"params\":{\"name\":\"Ana\"}}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestDoors() {
    }

    static JsonNode json(Exchange exchange) throws IOException {
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }
}
