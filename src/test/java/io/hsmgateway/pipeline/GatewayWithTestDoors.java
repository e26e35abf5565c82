package io.hsmgateway.pipeline;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real gateway with the {@link TestDoors} loaded, its Cloud API stub and the website, started once for a test
 * class and stopped after it; before each test the stub forgets what it was asked and answers every message again.
 * A test class registers it as a static field ({@code @RegisterExtension static final GatewayWithTestDoors doors})
 * and adds only the properties it needs ({@link #with}).
 */
final class GatewayWithTestDoors implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Map<String, String> extraProperties = new LinkedHashMap<>();
    private boolean answerEveryMessage = true;

    private WireMockServer cloudApi;
    private Gateway gateway;
    private ProducerTemplate source;
    private String apiKey;

    /** A gateway property on top of the test doors' own ({@link Gateway#defaults}, the doors' routes, JMS off). */
    GatewayWithTestDoors with(String name, String value) {
        extraProperties.put(name, value);
        return this;
    }

    /** Before each test the stub is only emptied: the test stubs every answer the Cloud API gives. */
    GatewayWithTestDoors withEachTestStubbingTheCloudApi() {
        answerEveryMessage = false;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext testClass) throws Exception {
        cloudApi = CloudApiStub.accepting();
        gateway = Gateway.start(properties());
        source = context().createProducerTemplate();
        apiKey = website();
    }

    @Override
    public void afterAll(ExtensionContext testClass) {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Override
    public void beforeEach(ExtensionContext test) {
        cloudApi.resetAll();
        if (answerEveryMessage) {
            CloudApiStub.accept(cloudApi);
        }
    }

    WireMockServer cloudApi() {
        return cloudApi;
    }

    Gateway gateway() {
        return gateway;
    }

    CamelContext context() {
        return gateway.context();
    }

    /** An API key of {@link TestDoors#WEBSITE}. */
    String apiKey() {
        return apiKey;
    }

    /** Hands the body to a door (direct:{door}) with the given headers, as its source would; returns what the door ended with. */
    Exchange send(String door, String body, Map<String, Object> headers) {
        return source.send("direct:" + door, exchange -> {
            exchange.getMessage().setBody(body);
            exchange.getMessage().setHeaders(new HashMap<>(headers));
        });
    }

    /** A mock endpoint of the test doors, emptied. */
    MockEndpoint mock(String name) {
        MockEndpoint mock = context().getEndpoint("mock:" + name, MockEndpoint.class);
        mock.reset();
        return mock;
    }

    private Map<String, String> properties() {
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("camel.main.routes-include-pattern", TestDoors.ROUTES);
        properties.put("hsm.jms.enabled", "false");
        properties.putAll(extraProperties);
        return properties;
    }

    /** Creates the website and its TEXT template (variable "name"); returns an API key. */
    private String website() throws Exception {
        String key = gateway.website(TestDoors.WEBSITE, TestDoors.PHONE_NUMBER_ID, TestDoors.ACCESS_TOKEN);
        gateway.template(TestDoors.WEBSITE, TestDoors.TEMPLATE_ID, CloudApiStub.TEXT_TEMPLATE);
        return key;
    }
}
