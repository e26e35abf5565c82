package io.hsmgateway.doors;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.doors.rabbitmq.RabbitMqVhost;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.StompClient;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The YAML doors integrators edit: all of them load and start, with whatever doors an integrator has added to
 * routes/ beside them; a broken one stops the gateway.
 */
class YamlRoutesTest {

    private static final String ROUTES_INCLUDE_PATTERN = "camel.main.routes-include-pattern";
    private static final Path ROUTES = Path.of("routes");
    private static final Path EXAMPLES = ROUTES.resolve("examples");
    private static final String MY_DOOR = "door-my-own-webhook";

    /** The RabbitMQ door's virtual host on the machine's RabbitMQ (the test is skipped when it does not answer). */
    private RabbitMqVhost rabbitMq;

    @AfterEach
    void deleteVirtualHost() {
        if (rabbitMq != null) {
            rabbitMq.close();
        }
    }

    /**
     * What production loads (config/application.properties' pattern: routes/, whatever an integrator has added
     * there) starts, every route it declares; routes/examples/ is not loaded.
     */
    @Test
    void everyDoorInRoutesStartsAndNoExampleIsLoaded() throws Exception {
        List<Path> files = yamlFiles(ROUTES);
        assertThat(files).extracting(f -> f.getFileName().toString()).contains("jms-door.camel.yaml");
        List<String> ids = routeIds(files);
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(files.size());

        try (Gateway gateway = Gateway.start(withEveryDoorOn(Gateway.defaults()))) {
            assertStarted(gateway, ids);
            assertThat(gateway.context().getRoute("door-jms")).isNotNull();
            // (the first check shows the sources are seen, so the second cannot pass for want of them)
            assertThat(gateway.context().getRoutes()).extracting(YamlRoutesTest::source)
                    .anyMatch(source -> source.endsWith("routes/jms-door.camel.yaml"))
                    .noneMatch(source -> source.contains(EXAMPLES.toString()));
        }
    }

    /**
     * Every recipe starts beside the shipped doors, as it would once copied into routes/. A copy an integrator
     * has already made there (same route id, as the README's {@code cp} leaves it) stands aside for its original.
     */
    @Test
    void everyExampleStartsBesideTheDoorsInRoutes() throws Exception {
        List<Path> examples = yamlFiles(EXAMPLES);
        assertThat(examples).extracting(f -> f.getFileName().toString()).contains("order-shipped-webhook.camel.yaml");
        List<String> exampleIds = routeIds(examples);
        assertThat(exampleIds).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(examples.size());
        List<String> locations = new ArrayList<>();
        for (Path door : yamlFiles(ROUTES)) {
            if (Collections.disjoint(routeIds(List.of(door)), exampleIds)) {
                locations.add("file:" + door);
            }
        }
        locations.add("file:" + EXAMPLES + "/*.camel.yaml");

        Map<String, String> properties = withEveryDoorOn(Gateway.defaults());
        properties.put(ROUTES_INCLUDE_PATTERN, String.join(",", locations));
        try (Gateway gateway = Gateway.start(properties)) {
            assertStarted(gateway, exampleIds);
        }
    }

    /**
     * The README's "Adding a door": a copy of the recipe with an id and a path of its own, in a folder added to
     * the production pattern. The gateway starts, the new door delivers, and so does a shipped door (JMS).
     * The real routes/ folder is not written to.
     */
    @Test
    void aDoorOfOnesOwnLeavesTheShippedDoorsWorking(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("my-door.camel.yaml"), Files.readString(EXAMPLES.resolve("order-shipped-webhook.camel.yaml"))
                .replace("id: door-order-shipped-webhook", "id: " + MY_DOOR)
                .replace("/hooks/{websiteId}/order-shipped", "/hooks/{websiteId}/my-door"));
        WireMockServer cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = withEveryDoorOn(Gateway.defaults(cloudApi));
        properties.put(ROUTES_INCLUDE_PATTERN, productionRoutesPattern() + ",file:" + dir.toAbsolutePath() + "/*.camel.yaml");
        int brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        try (Gateway gateway = Gateway.start(properties)) {
            assertStarted(gateway, routeIds(yamlFiles(ROUTES)));
            assertStarted(gateway, List.of(MY_DOOR));
            String apiKey = gateway.website("own-door", "3088", "token-own");
            gateway.template("own-door", "order_shipped", """
                    {"name":"order_shipped","language":"es_AR","type":"TEXT","variables":["name","orderId","trackingUrl"]}""");
            gateway.template("own-door", "hello", "{\"name\":\"hello\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");

            HttpResponse<String> hooked = gateway.request("POST", "/hooks/own-door/my-door", """
                    {"order":{"id":1001,"customer":{"phone":"+54 9 11 5555-0003","firstName":"Ana"}},
                     "tracking":{"url":"https://track.example/1Z999"}}""", null, Map.of("apikey", apiKey));
            assertThat(hooked.statusCode()).as(hooked.body()).isEqualTo(200);
            assertThat(Gateway.json(hooked).get("code").asText()).isEqualTo("SUCCESS");
            cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/3088/messages"))
                    .withRequestBody(matchingJsonPath("$.to", equalTo("5491155550003"))));

            try (StompClient stomp = StompClient.connect(brokerPort)) {
                assertThat(stomp.send("hsm.notifications", Map.of("websiteId", "own-door", "apikey", apiKey),
                        "{\"templateId\":\"hello\",\"destination\":\"+54 9 11 5555-0004\",\"params\":{\"name\":\"Bea\"}}"))
                        .startsWith("RECEIPT");
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> cloudApi.verify(1,
                    postRequestedFor(urlEqualTo("/v23.0/3088/messages"))
                            .withRequestBody(matchingJsonPath("$.to", equalTo("5491155550004")))));
        } finally {
            cloudApi.stop();
        }
    }

    @Test
    void unknownStepStopsTheGatewayNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken-door.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: broken-door
                    from:
                      uri: direct:broken
                      steps:
                        - setBody:
                            constant: hello
                        - noSuchStep:
                            constant: nope
                """);
        assertThatThrownBy(() -> Gateway.start(withRoutes(dir)))
                .satisfies(e -> assertThat(messages(e)).contains("broken-door.camel.yaml").contains("line 8"));
    }

    @Test
    void malformedYamlStopsTheGatewayNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("bad-indent.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: bad-indent
                    from:
                      uri: direct:bad
                      steps:
                        - setBody:
                            constant: "unterminated
                """);
        assertThatThrownBy(() -> Gateway.start(withRoutes(dir)))
                .satisfies(e -> assertThat(messages(e)).contains("bad-indent.camel.yaml").containsPattern("line \\d+"));
    }

    /** Doors that are off by default switched on: each must be able to start (nothing listens on this SFTP
     * port, so its first poll, ten minutes away, would just fail; the RabbitMQ door gets a virtual host of its own; the
     * MQTT and Kafka doors start without their brokers). */
    private Map<String, String> withEveryDoorOn(Map<String, String> properties) throws IOException {
        rabbitMq = RabbitMqVhost.create("hsm-yaml-routes");
        rabbitMq.configure(properties);
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.sftp.poll-delay-ms", "600000");
        // the MQTT door starts without its broker (it connects when one answers): nothing listens on this port
        properties.put("hsm.mqtt.enabled", "true");
        properties.put("hsm.mqtt.broker-url", "tcp://127.0.0.1:" + Gateway.freePort());
        properties.put("hsm.mqtt.client-id", "hsm-yaml-routes-" + java.util.UUID.randomUUID());
        // the Kafka door too (readiness DOWN until its brokers answer)
        properties.put("hsm.kafka.enabled", "true");
        properties.put("hsm.kafka.brokers", "127.0.0.1:" + Gateway.freePort());
        return properties;
    }

    private static void assertStarted(Gateway gateway, List<String> ids) {
        for (String id : ids) {
            Route route = gateway.context().getRoute(id);
            assertThat(route).as("route %s", id).isNotNull();
            assertThat(gateway.context().getRouteController().getRouteStatus(id))
                    .as("route %s", id).isEqualTo(ServiceStatus.Started);
        }
    }

    /** Where a route was read from ("file:routes/x.camel.yaml"), or "" for one built in Java. */
    private static String source(Route route) {
        return route.getSourceResource() == null ? "" : route.getSourceResource().getLocation();
    }

    /** The pattern production loads doors with, as config/application.properties sets it. */
    private static String productionRoutesPattern() throws IOException {
        Properties config = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            config.load(reader);
        }
        return config.getProperty(ROUTES_INCLUDE_PATTERN);
    }

    private static Map<String, String> withRoutes(Path dir) {
        Map<String, String> properties = Gateway.defaults();
        properties.put(ROUTES_INCLUDE_PATTERN, "file:" + dir.toAbsolutePath() + "/*.camel.yaml");
        return properties;
    }

    /** The exception's message and its causes', as a log or an operator would read them. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    private static List<String> routeIds(List<Path> files) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            ids.addAll(routeIds(file));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<String> routeIds(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        for (Object entry : (List<Object>) document) {
            Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) entry).get("route");
            assertThat(route).as("%s: every entry is a '- route:' with an explicit id", file).isNotNull();
            assertThat(route.get("id")).as("%s: route id", file).isInstanceOf(String.class);
            ids.add((String) route.get("id"));
        }
        return ids;
    }
}
