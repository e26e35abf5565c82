package io.hsmgateway.templatesync;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The schedule of its own (hsm.templates.sync-interval-ms): every website with an account is synced, no admin call. */
class TemplateSyncScheduleTest {

    static final String TOKEN = "EAAG-scheduled-secret-token";

    @Test
    void everyWebsiteWithAnAccountIsSyncedOnItsOwnAndOneFailureDoesNotStopTheOthers() throws Exception {
        WireMockServer meta = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(meta);
        properties.put("hsm.templates.sync-interval-ms", "300");
        GraphApiStub.error(meta, "400000001", 401, "{\"error\":{\"message\":\"Error validating access token: Session has expired\","
                + "\"type\":\"OAuthException\",\"code\":190}}");
        GraphApiStub.listing(meta, "400000002", List.of(List.of(GraphApiStub.template("901", "scheduled", "APPROVED", "Hola"))));
        try (LogCapture log = LogCapture.start(); Gateway gateway = Gateway.start(properties)) {
            for (String[] website : new String[][] {{"a-failing", "400000001"}, {"b-synced", "400000002"}}) {
                assertThat(gateway.admin("PUT", "/admin/websites/" + website[0], "{\"name\":\"W\",\"phoneNumberId\":\"1\","
                        + "\"accessToken\":\"" + TOKEN + "\",\"businessAccountId\":\"" + website[1] + "\"}").statusCode()).isEqualTo(201);
            }

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                JsonNode template = Gateway.json(gateway.admin("GET", "/admin/websites/b-synced/templates/901", null));
                assertThat(template.path("name").asText()).isEqualTo("scheduled");
            });
            // the failing website was tried again and again (each time alone), its failure logged without its token
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(meta.findAll(getRequestedFor(urlPathEqualTo(GraphApiStub.path("400000001")))).size()).isGreaterThan(1));
            assertThat(log.text()).contains("Templates of website a-failing").contains("Session has expired")
                    .doesNotContain(TOKEN);
        } finally {
            meta.stop();
        }
    }
}
