package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/** An api key or admin token in the query string is refused on every path, even when it is the right one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsOnlyInHeadersTest {

    static final String WEBSITE = "headers-only";
    static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"5491100000001\",\"params\":{\"name\":\"Ana\"}}";

    WireMockServer cloudApi;
    Gateway gateway;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        gateway = Gateway.start(Gateway.defaults(cloudApi));
        apiKey = gateway.website(WEBSITE, "1", "t");
        gateway.template(WEBSITE, "7", CloudApiStub.TEXT_TEMPLATE);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @Test
    void theRightApiKeyInTheQueryIsRefusedAndNothingIsSent() throws Exception {
        for (String name : new String[] {"apikey", "APIKEY", "api%6Bey"}) {
            HttpResponse<String> response = gateway.request("POST",
                    "/website/" + WEBSITE + "/hsm/notifications?" + name + "=" + apiKey, REQUEST, null);

            assertRefused(response, name.equals("APIKEY") ? "APIKEY" : "apikey");
        }
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void theAdminTokenInTheQueryIsRefused() throws Exception {
        HttpResponse<String> response = gateway.request("GET", "/admin/websites?Authorization="
                + URLEncoder.encode("Bearer " + Gateway.ADMIN_TOKEN, StandardCharsets.UTF_8), null, null);

        assertRefused(response, "Authorization");
    }

    @Test
    void headersStillWorkBesideOtherQueryParameters() throws Exception {
        HttpResponse<String> response = gateway.request("POST", "/website/" + WEBSITE + "/hsm/notifications?campaign=spring",
                REQUEST, null, Map.of("apikey", apiKey));

        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("SUCCESS");
    }

    private static void assertRefused(HttpResponse<String> response, String parameter) throws Exception {
        JsonNode envelope = Gateway.json(response);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(envelope.at("/result/0/path/0").asText()).isEqualTo(parameter);
        assertThat(response.body()).doesNotContain(Gateway.ADMIN_TOKEN);
    }
}
