package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With no Cloud API configured the gateway seeds demo data and delivers to its built-in sandbox. */
class SandboxModeTest {

    @Test
    void freshGatewayDeliversTheSeedRequestToTheSandbox() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "");
        try (Gateway gateway = Gateway.start(properties)) {
            // the demo website and template exist; the printed key is only in the log, so take a new one
            JsonNode template = Gateway.json(gateway.admin("GET", "/admin/websites/demo/templates/7", null));
            assertThat(template.get("variables").toString()).isEqualTo("[\"name\"]");
            String key = Gateway.json(gateway.admin("POST", "/admin/websites/demo/apikeys", null)).get("apikey").asText();

            HttpResponse<String> response = gateway.notify("demo", key,
                    "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(Gateway.json(response).get("result").asText()).isEqualTo("HSM notification sent to 542994843975.");
            JsonNode inbox = Gateway.json(gateway.request("GET", "/sandbox/whatsapp/messages", null, null));
            assertThat(inbox.get("total").asInt()).isEqualTo(1);
            assertThat(inbox.at("/messages/0/message/to").asText()).isEqualTo("542994843975");
            assertThat(inbox.at("/messages/0/message/template/components/0/parameters/0/text").asText()).isEqualTo("Julieta");
            assertThat(inbox.at("/messages/0/phoneNumberId").asText()).isEqualTo("100000000000001");
        }
    }

    @Test
    void withACloudApiConfiguredThereIsNoSandboxAndNoDemoData() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:9");
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(gateway.request("GET", "/sandbox/whatsapp/messages", null, null).statusCode()).isEqualTo(404);
            assertThat(gateway.admin("GET", "/admin/websites/demo", null).statusCode()).isEqualTo(404);
        }
    }
}
