package io.hsmgateway.pipeline.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A media host that answers HEAD with 150 MB of header lines cannot take the gateway down (issue 8, item 1):
 * three such probes at once in a gateway with a 256 MB heap (its own JVM, as in production) are each refused
 * with the media error as soon as the header limits are passed, and the gateway goes on serving.
 */
class OversizedMediaAnswerTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final long ATTACK_BYTES = 150L * 1024 * 1024;
    static final String TOO_MANY_HEADERS = "the link's host answered HEAD with too many or too long header lines";

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void endlessHeaderLinesAreRefusedAndTheGatewayStaysUp() throws Exception {
        WireMockServer cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.x\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        // a long deadline: what cuts these probes must be the size limits, not the clock
        properties.put("hsm.media.probe-timeout-ms", "20000");
        try (HostileMediaHost mediaHost = new HostileMediaHost();
             GatewayProcess gateway = GatewayProcess.start(properties, Path.of("target", "oversized-media-gateway.log"))) {
            int port = gateway.port();
            admin(port, "PUT", "/admin/websites/w", "{\"name\":\"w\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
            admin(port, "PUT", "/admin/websites/w/templates/20", "{\"name\":\"p\",\"language\":\"es\",\"type\":\"IMAGE\",\"variables\":[]}");
            admin(port, "PUT", "/admin/websites/w/templates/7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
            String apiKey = JSON.readTree(admin(port, "POST", "/admin/websites/w/apikeys", null).body()).get("apikey").asText();

            List<String> paths = List.of("/lines-1.jpg", "/lines-2.jpg", "/lines-3.jpg", "/one-line.jpg");
            for (String path : paths) {
                mediaHost.answer(path, path.startsWith("/lines")
                        ? HostileMediaHost.endlessHeaderLines(ATTACK_BYTES) : HostileMediaHost.endlessHeaderLine(ATTACK_BYTES));
            }
            long started = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> attacks = new ArrayList<>();
            for (String path : paths) {
                attacks.add(notifyAsync(port, apiKey, "{\"templateId\":\"20\",\"destination\":\"542994843975\",\"params\":{},"
                        + "\"media\":{\"link\":\"" + mediaHost.link(path) + "\"}}"));
            }
            for (CompletableFuture<HttpResponse<String>> attack : attacks) {
                HttpResponse<String> response = attack.get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
                JsonNode body = JSON.readTree(response.body());
                assertThat(body.get("code").asText()).isEqualTo("INVALID_MEDIA_LINK");
                assertThat(body.at("/result/reason").asText()).isEqualTo(TOO_MANY_HEADERS);
            }
            assertThat((System.nanoTime() - started) / 1_000_000).as("all refused, well before the deadline").isLessThan(5000);
            for (String path : paths) {
                HostileMediaHost.Visit visit = mediaHost.visits(path).get(0);
                assertThat(visit.closed()).as(path).isTrue();
                // what the gateway read, plus what the sockets' buffers held when it hung up
                assertThat(visit.bytesSent).as(path).isLessThan(16L * 1024 * 1024);
            }

            assertThat(gateway.alive()).isTrue();
            HttpResponse<String> text = notifyAsync(port, apiKey, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}")
                    .get(30, TimeUnit.SECONDS);
            assertThat(JSON.readTree(text.body()).get("code").asText()).as(text.body()).isEqualTo("SUCCESS");
        } finally {
            cloudApi.stop();
        }
    }

    CompletableFuture<HttpResponse<String>> notifyAsync(int port, String apiKey, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/website/w/hsm/notifications"))
                .timeout(Duration.ofSeconds(60))
                .header("apikey", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return response;
    }
}
