package io.hsmgateway.webhooks;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import io.hsmgateway.support.MetaWebhooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway with neither hsm.whatsapp.webhook.verify-token nor hsm.whatsapp.app-secret: the handshake is refused
 * whatever token is presented (an empty one included), every POST is refused whatever its signature, nothing is
 * stored, and start-up says why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookNotConfiguredTest {

    private Gateway gateway;
    private LogCapture log;

    @BeforeAll
    void start() throws Exception {
        log = LogCapture.start();
        Map<String, String> properties = Gateway.defaults();
        // a Cloud API configured (nothing is sent in these tests): sandbox mode would make up an app secret
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:9");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        log.close();
    }

    @Test
    void withoutAVerifyTokenEveryHandshakeIsForbidden() throws Exception {
        for (String token : new String[] {"", "anything"}) {
            HttpResponse<String> response = gateway.request("GET",
                    WhatsAppWebhook.PATH + "?hub.mode=subscribe&hub.verify_token=" + token + "&hub.challenge=77", null, null);
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).doesNotContain("77");
        }
    }

    @Test
    void withoutAnAppSecretEveryPostIsRefusedAndNothingIsStored() throws Exception {
        String body = MetaWebhooks.webhook(MetaWebhooks.status("wamid.nosecret", "delivered", 1764594000));
        // signed with an empty key, the best guess of someone who knows none is set
        String signature = WebhookSignature.sign(new byte[] {0}, body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = gateway.request("POST", WhatsAppWebhook.PATH, body, null,
                Map.of("X-Hub-Signature-256", signature));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("UNAUTHORIZED");
        NamedParameterJdbcTemplate db = new NamedParameterJdbcTemplate(
                gateway.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class));
        assertThat(db.queryForObject("SELECT COUNT(*) FROM delivery_statuses", Map.of(), Integer.class)).isZero();
        assertThat(log.text()).contains("hsm.whatsapp.app-secret is not set")
                .contains("Refused a WhatsApp webhook POST from 127.0.0.1: no app secret configured");
    }
}
