package io.hsmgateway.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database goes away for a while (an H2 server on loopback, stopped and started again): callers get a
 * clear 503 in the envelope, nothing is sent, health says DOWN; once it is back, everything works again.
 */
class DatabaseOutageTest {

    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}";

    @TempDir
    Path dir;

    @Test
    void anOutageIsA503AndDownHealthNotALostOrHalfSentNotification() throws Exception {
        int dbPort = Gateway.freePort();
        Server database = startDatabase(dbPort);
        WireMockServer cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.db\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.db.url", "jdbc:h2:tcp://127.0.0.1:" + dbPort + "/hsm;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        try (Gateway gateway = Gateway.start(properties)) {
            String key = gateway.website("outage", "1", "t");
            gateway.template("outage", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
            String health = "http://127.0.0.1:" + properties.get("hsm.management.port") + "/observe/health";
            assertThat(Gateway.json(gateway.notify("outage", key, BODY)).get("code").asText()).isEqualTo("SUCCESS");
            // ready once every consumer has polled once (the file door's first poll is a second away)
            await().atMost(Duration.ofSeconds(10)).until(() -> get(health).statusCode() == 200);

            database.stop();

            HttpResponse<String> refused = gateway.notify("outage", key, BODY);
            assertThat(refused.statusCode()).isEqualTo(503);
            JsonNode envelope = Gateway.json(refused);
            assertThat(envelope.get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(refused.body()).doesNotContain("Exception");
            HttpResponse<String> down = get(health);
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).contains("DOWN").contains("database");
            cloudApi.verify(1, postRequestedFor(anyUrl()));

            database = startDatabase(dbPort);

            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Gateway.json(gateway.notify("outage", key, BODY)).get("code").asText().equals("SUCCESS"));
            await().atMost(Duration.ofSeconds(10)).until(() -> get(health).statusCode() == 200);
            cloudApi.verify(2, postRequestedFor(anyUrl()));
        } finally {
            database.stop();
            cloudApi.stop();
        }
    }

    Server startDatabase(int port) throws Exception {
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists").start();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
