package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin API: its token, websites, keys shown once and revocable, templates, notification status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        gateway = Gateway.start(Gateway.defaults());
    }

    @AfterAll
    void stop() {
        gateway.close();
    }

    @Test
    void everyAdminPathWantsTheToken() throws Exception {
        for (String[] call : new String[][] {{"GET", "/admin/websites"}, {"PUT", "/admin/websites/a"},
                {"POST", "/admin/websites/a/apikeys"}, {"GET", "/admin/websites/a/templates"},
                {"GET", "/admin/notifications/x"}}) {
            for (String authorization : new String[] {null, "Bearer wrong", Gateway.ADMIN_TOKEN}) {
                HttpResponse<String> response = gateway.request(call[0], call[1], "{}", authorization);
                assertThat(response.statusCode()).as(call[1] + " with " + authorization).isEqualTo(401);
                assertThat(Gateway.json(response).get("code").asText()).isEqualTo("UNAUTHORIZED");
                assertThat(Gateway.json(response).get("description").asText()).isEqualTo("Invalid admin token");
            }
        }
    }

    @Test
    void websiteIsCreatedThenUpdatedAndItsTokenNeverShown() throws Exception {
        String body = "{\"name\":\"Shop\",\"phoneNumberId\":\"1065\",\"accessToken\":\"EAAG-top-secret\"}";
        HttpResponse<String> created = gateway.admin("PUT", "/admin/websites/shop", body);
        HttpResponse<String> updated = gateway.admin("PUT", "/admin/websites/shop", body.replace("Shop", "Shop 2"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode website = Gateway.json(gateway.admin("GET", "/admin/websites/shop", null));
        assertThat(website.get("name").asText()).isEqualTo("Shop 2");
        assertThat(website.get("phoneNumberId").asText()).isEqualTo("1065");
        for (HttpResponse<String> r : new HttpResponse[] {created, updated, gateway.admin("GET", "/admin/websites", null)}) {
            assertThat(r.body()).doesNotContain("EAAG-top-secret");
        }
    }

    @Test
    void invalidWebsiteBodyIsInvalidBody() throws Exception {
        HttpResponse<String> response = gateway.admin("PUT", "/admin/websites/bad", "{\"name\":\"\",\"phoneNumberId\":\"abc\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(body.get("result").findValuesAsText("message")).contains(
                "\"accessToken\" is required", "\"name\" is not allowed to be empty");
        assertThat(gateway.admin("GET", "/admin/websites/bad", null).statusCode()).isEqualTo(404);
    }

    @Test
    void aRefusedTokenIsNotRepeatedInTheAnswer() throws Exception {
        String token = "EAAG" + "x".repeat(1021);
        HttpResponse<String> response = gateway.admin("PUT", "/admin/websites/long",
                "{\"name\":\"L\",\"phoneNumberId\":\"1\",\"accessToken\":\"" + token + "\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).at("/result/0/message").asText())
                .isEqualTo("\"accessToken\" length must be less than or equal to 1024 characters long");
        assertThat(response.body()).doesNotContain("EAAG");
    }

    @Test
    void apiKeyIsShownOnceWorksAndCanBeRevoked() throws Exception {
        gateway.admin("PUT", "/admin/websites/keys", "{\"name\":\"K\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        HttpResponse<String> created = gateway.admin("POST", "/admin/websites/keys/apikeys", null);
        assertThat(created.statusCode()).isEqualTo(201);
        String key = Gateway.json(created).get("apikey").asText();
        String keyId = Gateway.json(created).get("id").asText();

        // a valid key gets past authentication (the template does not exist: NOT_FOUND, not UNAUTHORIZED)
        String request = "{\"templateId\":\"1\",\"destination\":\"542994843975\",\"params\":{}}";
        assertThat(Gateway.json(gateway.notify("keys", key, request)).get("code").asText()).isEqualTo("NOT_FOUND");

        HttpResponse<String> listed = gateway.admin("GET", "/admin/websites/keys/apikeys", null);
        assertThat(listed.body()).contains(keyId).doesNotContain(key);

        assertThat(gateway.admin("DELETE", "/admin/websites/keys/apikeys/" + keyId, null).statusCode()).isEqualTo(204);
        assertThat(Gateway.json(gateway.notify("keys", key, request)).get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(gateway.admin("DELETE", "/admin/websites/keys/apikeys/" + keyId, null).statusCode()).isEqualTo(404);
    }

    @Test
    void templatesAreWrittenReadAndDeleted() throws Exception {
        gateway.admin("PUT", "/admin/websites/tpl", "{\"name\":\"T\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        String template = "{\"name\":\"invoice\",\"language\":\"es_AR\",\"type\":\"DOCUMENT\",\"variables\":[\"name\",\"total\"],"
                + "\"media\":{\"link\":\"https://example.com/i.pdf\",\"filename\":\"Invoice.pdf\"}}";

        assertThat(gateway.admin("PUT", "/admin/websites/tpl/templates/42", template).statusCode()).isEqualTo(201);
        assertThat(gateway.admin("PUT", "/admin/websites/tpl/templates/42", template).statusCode()).isEqualTo(200);
        JsonNode read = Gateway.json(gateway.admin("GET", "/admin/websites/tpl/templates/42", null));
        assertThat(read.get("type").asText()).isEqualTo("DOCUMENT");
        assertThat(read.get("variables").toString()).isEqualTo("[\"name\",\"total\"]");
        assertThat(read.at("/media/filename").asText()).isEqualTo("Invoice.pdf");
        assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/tpl/templates", null))).hasSize(1);

        assertThat(gateway.admin("DELETE", "/admin/websites/tpl/templates/42", null).statusCode()).isEqualTo(204);
        assertThat(gateway.admin("GET", "/admin/websites/tpl/templates/42", null).statusCode()).isEqualTo(404);
    }

    @Test
    void templatesNeedAnExistingWebsiteAndAKnownType() throws Exception {
        String template = "{\"name\":\"x\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}";
        assertThat(gateway.admin("PUT", "/admin/websites/nobody/templates/1", template).statusCode()).isEqualTo(404);

        gateway.admin("PUT", "/admin/websites/typed", "{\"name\":\"T\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}");
        HttpResponse<String> response = gateway.admin("PUT", "/admin/websites/typed/templates/1",
                template.replace("TEXT", "AUDIO"));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
    }

    @Test
    void deletingAWebsiteRevokesItsKeys() throws Exception {
        String key = gateway.website("gone", "1", "t");
        assertThat(gateway.admin("DELETE", "/admin/websites/gone", null).statusCode()).isEqualTo(204);

        assertThat(Gateway.json(gateway.notify("gone", key, "{}")).get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertThat(gateway.admin("GET", "/admin/websites/gone", null).statusCode()).isEqualTo(404);
    }

    @Test
    void withoutATokenTheAdminApiIsNotThere() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.admin.token", "");
        try (Gateway closed = Gateway.start(properties)) {
            HttpResponse<String> response = closed.request("GET", "/admin/websites", null, "Bearer ");
            assertThat(response.statusCode()).isEqualTo(404);
        }
    }
}
