package io.hsmgateway.templatesync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.sandbox.DemoSeeder;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sandbox mode (no hsm.whatsapp.base-url): the demo website has a WhatsApp Business Account, and the sandbox's
 * listing (two pages) is synced shortly after start-up, offline, with nothing configured.
 */
class SandboxTemplateSyncTest {

    private static JsonNode get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return Gateway.json(HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theDemoWebsiteHasTheSandboxAccountsTemplatesAfterStartUp() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "");
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/demo", null)).get("businessAccountId").asText())
                    .isEqualTo(DemoSeeder.BUSINESS_ACCOUNT_ID);

            Map<String, JsonNode> templates = await().atMost(Duration.ofSeconds(20)).until(() -> {
                Map<String, JsonNode> byName = new LinkedHashMap<>();
                Gateway.json(gateway.admin("GET", "/admin/websites/demo/templates", null))
                        .forEach(template -> byName.put(template.get("name").asText(), template));
                return byName;
            }, byName -> byName.size() == 8);

            // the hand-written demo template stays as it was
            assertThat(templates.get("hello_name").get("source").asText()).isEqualTo("ADMIN");
            assertThat(templates.get("hello_name").get("templateId").asText()).isEqualTo(DemoSeeder.TEMPLATE_ID);
            JsonNode shipped = templates.get("order_shipped");
            assertThat(shipped.get("source").asText()).isEqualTo("ACCOUNT");
            assertThat(shipped.get("templateId").asText()).isEqualTo("1000000000000001");
            assertThat(shipped.get("parameterFormat").asText()).isEqualTo("NAMED");
            assertThat(shipped.at("/components/0/example/header_text_named_params/0/param_name").asText()).isEqualTo("order");
            assertThat(shipped.at("/components/2/buttons/0/url").asText()).isEqualTo("https://shop.example/track/{{1}}");
            assertThat(templates.get("verify_code").get("category").asText()).isEqualTo("AUTHENTICATION");
            assertThat(templates.get("verify_code").at("/components/2/buttons/0/otp_type").asText()).isEqualTo("COPY_CODE");
            assertThat(templates.get("appointment_reminder").get("parameterFormat").asText()).isEqualTo("POSITIONAL");
            assertThat(templates.get("summer_coupon").get("type").asText()).isEqualTo("IMAGE");
            assertThat(templates.get("summer_coupon").at("/components/1/type").asText()).isEqualTo("LIMITED_TIME_OFFER");
            assertThat(templates.get("store_visit").get("type").asText()).isEqualTo("LOCATION");
            assertThat(templates.get("feedback_flow").at("/components/1/buttons/0/type").asText()).isEqualTo("FLOW");
            assertThat(templates.get("old_promo").get("status").asText()).isEqualTo("PAUSED");
            assertThat(templates.values()).filteredOn(t -> !t.get("name").asText().equals("old_promo"))
                    .filteredOn(t -> t.get("source").asText().equals("ACCOUNT"))
                    .allSatisfy(t -> assertThat(t.get("status").asText()).isEqualTo("APPROVED"));

            // the sandbox's account answers as Meta does: two pages by cursor, and 190 without a bearer token
            String listing = gateway.context().resolvePropertyPlaceholders("{{hsm.whatsapp.base-url}}")
                    + "/v23.0/" + DemoSeeder.BUSINESS_ACCOUNT_ID + "/message_templates";
            JsonNode first = get(listing + "?limit=100", "Bearer x");
            assertThat(first.get("data")).hasSize(4);
            JsonNode second = get(first.at("/paging/next").asText(), "Bearer x");
            assertThat(second.get("data")).hasSize(3);
            assertThat(second.get("paging").has("next")).isFalse();
            assertThat(get(listing, null).at("/error/code").asInt()).isEqualTo(190);

            // on demand too: nothing changed in the sandbox's account
            JsonNode report = Gateway.json(gateway.admin("POST", "/admin/websites/demo/templates/sync", null));
            assertThat(report.get("unchanged").asInt()).isEqualTo(7);
        }
    }
}
