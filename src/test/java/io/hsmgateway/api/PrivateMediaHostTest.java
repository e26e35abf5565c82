package io.hsmgateway.api;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the default {@code hsm.media.allow-private-hosts=false}, the probe refuses links that resolve to
 * loopback or private addresses (so it cannot be used to reach internal hosts), including via a redirect.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrivateMediaHostTest {

    WireMockServer internalHost;
    Gateway gateway;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        internalHost = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        internalHost.start();
        internalHost.stubFor(head(urlEqualTo("/secret.jpg")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/jpeg").withHeader("Content-Length", "10")));
        internalHost.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withBody("{\"messages\":[{\"id\":\"wamid.x\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.media.allow-private-hosts", "false");
        properties.put("hsm.whatsapp.base-url", internalHost.baseUrl());
        gateway = Gateway.start(properties);
        apiKey = gateway.website("w", "1", "t");
        gateway.template("w", "1", "{\"name\":\"p\",\"language\":\"es\",\"type\":\"IMAGE\",\"variables\":[]}");
    }

    @AfterAll
    void stop() {
        gateway.close();
        internalHost.stop();
    }

    @Test
    void loopbackAndPrivateLinksAreRefusedWithoutBeingContacted() throws Exception {
        for (String link : new String[] {
                internalHost.baseUrl() + "/secret.jpg",
                "http://localhost:" + internalHost.port() + "/secret.jpg",
                "http://10.0.0.1/secret.jpg",
                "http://169.254.169.254/latest/meta-data",
                "http://[::1]:" + internalHost.port() + "/secret.jpg"}) {
            HttpResponse<String> response = gateway.notify("w", apiKey,
                    "{\"templateId\":\"1\",\"destination\":\"542994843975\",\"params\":{},\"media\":{\"link\":\"" + link + "\"}}");

            assertThat(response.statusCode()).as(link).isEqualTo(400);
            assertThat(Gateway.json(response).get("code").asText()).as(link).isEqualTo("INVALID_MEDIA_LINK");
            assertThat(Gateway.json(response).at("/result/reason").asText()).as(link)
                    .isEqualTo("the link's host resolves to a loopback, private or link-local address");
        }
        internalHost.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void unresolvableHostIsRefused() throws Exception {
        HttpResponse<String> response = gateway.notify("w", apiKey,
                "{\"templateId\":\"1\",\"destination\":\"542994843975\",\"params\":{},\"media\":{\"link\":\"http://no-such-host.invalid/a.jpg\"}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).at("/result/reason").asText()).isEqualTo("the link's host does not resolve");
    }
}
