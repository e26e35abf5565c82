package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

    /** The README's walk-through as a newcomer does it: the key off the log, pasted into the curl at once. */
    @Test
    void theDemoKeyIsPrintedOnceTheGatewayAnswers() throws Exception {
        // sandbox mode by the shipped default (an empty hsm.whatsapp.base-url), as `java -jar` starts it
        Map<String, String> properties = Gateway.defaults();
        Path log = Files.createTempFile(Path.of("target"), "sandbox-gateway", ".log");
        try (GatewayProcess gateway = GatewayProcess.launch(properties, log)) {
            Pattern keyLine = Pattern.compile("apikey\\s+:\\s+(hsm_\\S+)");
            Matcher key = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .until(() -> keyLine.matcher(Files.readString(log)), Matcher::find);

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + gateway.port() + "/website/demo/hsm/notifications"))
                    .header("Content-Type", "application/json").header("apikey", key.group(1))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());

            // printed while the gateway was still starting, the key met a refused connection, or Vert.x's HTML
            // "Resource not found" while the routes started
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            assertThat(Gateway.json(response).get("code").asText()).isEqualTo("SUCCESS");
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
