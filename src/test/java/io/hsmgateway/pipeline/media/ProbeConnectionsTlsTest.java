package io.hsmgateway.pipeline.media;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.apache.hc.client5.http.classic.methods.HttpHead;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The probe's TLS, made at the first https link instead of at start-up, is still the JVM's default: a host whose
 * certificate nobody trusts (WireMock's self-signed one) is refused at the handshake, every time, while plain http
 * needs no TLS at all.
 */
class ProbeConnectionsTlsTest {

    private final WireMockServer host = new WireMockServer(options().dynamicPort().dynamicHttpsPort()
            .bindAddress("127.0.0.1"));
    private CloseableHttpClient client;

    @BeforeEach
    void start() {
        host.start();
        host.stubFor(head(urlEqualTo("/img.png")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png")));
        client = HttpClients.custom().setConnectionManager(ProbeConnections.create(true, Duration.ofSeconds(5))).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        host.stop();
    }

    @Test
    void anUntrustedCertificateIsRefusedAtTheFirstHttpsLinkAndAfter() throws Exception {
        assertThat(status("http://127.0.0.1:" + host.port() + "/img.png")).isEqualTo(200);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> status("https://localhost:" + host.httpsPort() + "/img.png"))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        assertThat(host.getAllServeEvents()).hasSize(1); // the https HEADs never reached the host
    }

    private int status(String link) throws Exception {
        return client.execute(new HttpHead(link), response -> response.getCode());
    }
}
