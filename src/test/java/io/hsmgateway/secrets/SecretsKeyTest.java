package io.hsmgateway.secrets;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.config.StartupFailure;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the secrets key comes from, and the start-ups that must not go ahead without a good one. */
class SecretsKeyTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedKeyFileIsKeptAndReadAgainAfterARestart() throws Exception {
        WireMockServer cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        try {
            cloudApi.stubFor(post(urlEqualTo("/v23.0/1065/messages")).willReturn(aResponse().withStatus(200)
                    .withBody("{\"messages\":[{\"id\":\"wamid.k\"}]}")));
            Map<String, String> properties = Gateway.defaults();
            properties.remove("hsm.secrets.key");
            properties.put("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm"));
            properties.put("hsm.secrets.key-file", dir.resolve("keys/secrets.key").toString());
            properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
            properties.put("hsm.jms.enabled", "false");
            String apiKey;
            try (Gateway gateway = Gateway.start(properties)) {
                apiKey = gateway.website("shop", "1065", "EAAG-kept");
                gateway.template("shop", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
            }

            try (Gateway restarted = Gateway.start(properties)) {
                restarted.notify("shop", apiKey, "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}");
            }

            cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/1065/messages"))
                    .withHeader("Authorization", equalTo("Bearer EAAG-kept")));
        } finally {
            cloudApi.stop();
        }
    }

    @Test
    void theKeyIsNotInTheLog() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        String key = properties.get("hsm.secrets.key");

        try (LogCapture logs = LogCapture.start(); Gateway gateway = Gateway.start(properties)) {
            assertThat(logs.text()).contains("hsm.secrets.key = xxxxxx").doesNotContain(key);
        }
    }

    @Test
    void aDatabaseOnAServerWithoutAKeyRefusesToStart() throws Exception {
        Server h2 = Server.createTcpServer("-tcpPort", "0", "-ifNotExists", "-baseDir", dir.toString()).start();
        try {
            Map<String, String> properties = Gateway.defaults();
            properties.remove("hsm.secrets.key");
            properties.put("hsm.db.url", "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/hsm");
            properties.put("hsm.secrets.key-file", dir.resolve("secrets.key").toString());

            assertThatThrownBy(() -> Gateway.start(properties).close()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("hsm.secrets.key is empty and the key file " + dir.resolve("secrets.key")
                            + " does not exist. The database is on a server, where every gateway sharing it needs the same key");
            assertThat(dir.resolve("secrets.key")).doesNotExist();
        } finally {
            h2.stop();
        }
    }

    @Test
    void aMalformedKeyRefusesToStartWithoutRepeatingIt() {
        String notBase64 = "my-secret-passphrase!";
        String tooShort = Base64.getEncoder().encodeToString("sixteen byte key".getBytes());
        for (String[] bad : new String[][] {{notBase64, "hsm.secrets.key is not base64"},
                {tooShort, "hsm.secrets.key holds 16 bytes; AES-256 needs 32"}}) {
            Map<String, String> properties = Gateway.defaults();
            properties.put("hsm.secrets.key", bad[0]);

            assertThatThrownBy(() -> Gateway.start(properties).close())
                    .satisfies(refused -> {
                        // the operator's one line is ours, as worded (StartupFailure.describe), and nowhere the key
                        assertThat(StartupFailure.describe(refused, null)).startsWith(bad[1]);
                        for (Throwable t = refused; t != null; t = t.getCause()) {
                            assertThat(String.valueOf(t.getMessage())).doesNotContain(bad[0]);
                        }
                    })
                    .rootCause().isInstanceOf(IllegalStateException.class).hasMessageStartingWith(bad[1]);
        }
    }
}
