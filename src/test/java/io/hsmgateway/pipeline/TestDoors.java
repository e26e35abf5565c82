package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The route-level tests' own doors ({@code src/test/resources/test-doors/sink-doors.camel.yaml}) on the real
 * gateway: each is a {@code direct:} endpoint, the hsm-notify-sink kamelet and a mock endpoint after it that
 * records what the door goes on with. One website with a TEXT template; JMS off.
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

    /** {@link Gateway#defaults(WireMockServer)} with the test doors loaded (and no others) and the JMS door off. */
    static Map<String, String> properties(WireMockServer cloudApi) {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("camel.main.routes-include-pattern", ROUTES);
        properties.put("hsm.jms.enabled", "false");
        return properties;
    }

    /** Creates the website and its TEXT template (variable "name"); returns an API key. */
    static String website(Gateway gateway) throws Exception {
        String apiKey = gateway.website(WEBSITE, PHONE_NUMBER_ID, ACCESS_TOKEN);
        gateway.template(WEBSITE, TEMPLATE_ID, CloudApiStub.TEXT_TEMPLATE);
        return apiKey;
    }

    /** Hands the body to a door (direct:{door}) with the given headers, as its source would; returns what the door ended with. */
    static Exchange send(ProducerTemplate source, String door, String body, Map<String, Object> headers) {
        return source.send("direct:" + door, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(headers));
        });
    }

    /** A mock endpoint of the test doors, emptied. */
    static MockEndpoint mock(CamelContext context, String name) {
        MockEndpoint mock = context.getEndpoint("mock:" + name, MockEndpoint.class);
        mock.reset();
        return mock;
    }

    static JsonNode json(Exchange exchange) throws IOException {
        return JSON.readTree(exchange.getMessage().getBody(String.class));
    }
}
