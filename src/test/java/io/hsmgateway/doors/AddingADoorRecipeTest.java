package io.hsmgateway.doors;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's "Adding a door" recipe, followed as an integrator would: copy the example, give the route its id,
 * set the sink's parameters (here a channel of its own), and keep the door's dead letters with the
 * hsm-dead-letter-source kamelet. Nothing else: no Java, no change to the shipped doors.
 */
class AddingADoorRecipeTest {

    private static final Path EXAMPLE = Path.of("routes/examples/order-shipped-webhook.camel.yaml");
    private static final String WEBSITE = "recipe-shop";
    private static final String ORDER = """
            {"order":{"id":77,"customer":{"phone":"+54 9 11 5555-0077","firstName":"Eva"}},
             "tracking":{"url":"https://track.example/77"}}""";

    @Test
    void aCopiedDoorWithItsOwnChannelDeliversAndKeepsItsDeadLetters(@TempDir Path routes, @TempDir Path deadLetters) throws Exception {
        // steps 1-4: copy the example, a unique id and path, the sink's channel; a step after the sink, which runs
        // whatever the pipeline answered
        String door = Files.readString(EXAMPLE)
                .replace("id: door-order-shipped-webhook", "id: door-my-shop")
                .replace("/hooks/{websiteId}/order-shipped", "/hooks/{websiteId}/my-shop")
                .replace("channel: order-shipped-webhook", "channel: my-shop")
                + """
                        - setHeader:
                            name: X-Door-Went-On
                            simple: "${exchangeProperty.hsmResponse.code}"
                - route:
                    id: door-my-shop-dead-letters
                    from:
                      uri: kamelet:hsm-dead-letter-source
                      parameters:
                        channel: my-shop
                      steps:
                        - to:
                            uri: file:%s
                            parameters:
                              fileName: "${header.code}-${exchangeId}.json"
                """.formatted(deadLetters.toAbsolutePath());
        assertThat(door).contains("id: door-my-shop").contains("channel: my-shop");
        Files.writeString(routes.resolve("my-shop.camel.yaml"), door);

        WireMockServer cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.jms.enabled", "false");
        properties.put("camel.main.routes-include-pattern", "file:" + routes.toAbsolutePath() + "/*.camel.yaml");
        try (Gateway gateway = Gateway.start(properties)) {
            String apiKey = gateway.website(WEBSITE, "4077", "token-recipe");
            gateway.template(WEBSITE, "order_shipped", """
                    {"name":"order_shipped","language":"es_AR","type":"TEXT","variables":["name","orderId","trackingUrl"]}""");

            HttpResponse<String> sent = gateway.request("POST", "/hooks/" + WEBSITE + "/my-shop", ORDER, null,
                    Map.of("apikey", apiKey));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
            assertThat(Gateway.json(sent).get("code").asText()).isEqualTo("SUCCESS");
            assertThat(sent.headers().firstValue("X-Door-Went-On")).contains("SUCCESS");
            cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/4077/messages")));
            // recorded under the door's own channel
            JsonNode record = Gateway.json(gateway.admin("GET",
                    "/admin/notifications/" + Gateway.json(sent).get("notificationId").asText(), null));
            assertThat(record.get("channel").asText()).isEqualTo("my-shop");

            // a refusal: the door still goes on after the sink, and its dead letter reaches its subscriber
            HttpResponse<String> refused = gateway.request("POST", "/hooks/" + WEBSITE + "/my-shop", ORDER, null,
                    Map.of("apikey", "hsm_wrong"));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Gateway.json(refused).get("code").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(refused.headers().firstValue("X-Door-Went-On")).contains("UNAUTHORIZED");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (var files = Files.list(deadLetters)) {
                    assertThat(files.map(f -> f.getFileName().toString())).singleElement()
                            .satisfies(name -> assertThat(name).startsWith("UNAUTHORIZED-"));
                }
            });
            try (var files = Files.list(deadLetters)) {
                assertThat(Files.readString(files.findFirst().orElseThrow())).contains("\"order_shipped\"").contains("+54 9 11 5555-0077");
            }
            cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/4077/messages")));
        } finally {
            cloudApi.stop();
        }
    }
}
