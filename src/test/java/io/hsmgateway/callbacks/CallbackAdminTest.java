package io.hsmgateway.callbacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A website's callback through the admin API: set, read without its secret, removed; URLs refused (INVALID_BODY);
 * and, with {@code hsm.media.allow-private-hosts=false} (the production default), the public-address rule both
 * when the URL is set and when a callback is POSTed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallbackAdminTest {

    static final String WEBSITE = "{\"name\":\"W\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}";

    WireMockServer receiver;
    Gateway gateway;        // loopback hosts allowed, as in the other tests
    Gateway strict;         // the production rule: public addresses only

    @BeforeAll
    void start() throws Exception {
        receiver = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)));
        gateway = Gateway.start(Gateway.defaults());
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.media.allow-private-hosts", "false");
        properties.put("hsm.callbacks.poll-ms", "100");
        strict = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        for (Gateway g : new Gateway[] {gateway, strict}) {
            if (g != null) {
                g.close();
            }
        }
        receiver.stop();
    }

    @Test
    void theCallbackIsSetReadWithoutItsSecretAndRemoved() throws Exception {
        gateway.admin("PUT", "/admin/websites/shop", WEBSITE);
        String url = "https://hooks.example.com/hsm?shop=1";

        HttpResponse<String> created = gateway.admin("PUT", "/admin/websites/shop/callback", "{\"url\":\"" + url + "\"}");
        HttpResponse<String> changed = gateway.admin("PUT", "/admin/websites/shop/callback", "{\"url\":\"" + url + "&v=2\"}");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(changed.statusCode()).isEqualTo(200);
        JsonNode first = Gateway.json(created);
        JsonNode second = Gateway.json(changed);
        assertThat(first.get("url").asText()).isEqualTo(url);
        assertThat(first.get("secret").asText()).matches("hsmcb_[A-Za-z0-9_-]{43}");
        assertThat(second.get("secret").asText()).as("a new secret at every PUT").matches("hsmcb_[A-Za-z0-9_-]{43}")
                .isNotEqualTo(first.get("secret").asText());

        HttpResponse<String> read = gateway.admin("GET", "/admin/websites/shop/callback", null);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("{\"url\":\"" + url + "&v=2\"}");
        assertThat(gateway.admin("GET", "/admin/websites/shop", null).body()).doesNotContain("hsmcb_");

        assertThat(gateway.admin("DELETE", "/admin/websites/shop/callback", null).statusCode()).isEqualTo(204);
        assertNotFound(gateway.admin("GET", "/admin/websites/shop/callback", null), "callback for website shop");
        assertNotFound(gateway.admin("DELETE", "/admin/websites/shop/callback", null), "callback for website shop");
        assertThat(gateway.admin("PUT", "/admin/websites/shop/callback", "{\"url\":\"" + url + "\"}").statusCode())
                .as("set again after removal: created").isEqualTo(201);
    }

    @Test
    void anUnknownWebsiteOrCallbackIsNotFound() throws Exception {
        assertNotFound(gateway.admin("GET", "/admin/websites/nobody/callback", null), "website nobody");
        assertNotFound(gateway.admin("PUT", "/admin/websites/nobody/callback", "{\"url\":\"https://example.com/\"}"),
                "website nobody");
        assertNotFound(gateway.admin("PUT", "/admin/websites/nobody/callback", "not json"), "website nobody");
        assertNotFound(gateway.admin("DELETE", "/admin/websites/nobody/callback", null), "website nobody");
        assertNotFound(gateway.admin("POST", "/admin/callbacks/none/replay", null), "callback none");
    }

    @Test
    void aUrlThatIsNotAnAbsoluteHttpUrlWithoutCredentialsIsInvalidBody() throws Exception {
        gateway.admin("PUT", "/admin/websites/picky", WEBSITE);
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("{\"url\":\"ftp://example.com/hook\"}", "\"url\" must be an absolute http or https URL");
        refused.put("{\"url\":\"/relative/hook\"}", "\"url\" must be an absolute http or https URL");
        refused.put("{\"url\":\"https://exa mple.com/\"}", "\"url\" must be a valid http or https URL");
        refused.put("{\"url\":\"https://shop:s3cr3t-pass@example.com/hook\"}", "\"url\" must not carry credentials (user:password@)");
        refused.put("{\"url\":\"https://example.com/hook#part\"}", "\"url\" must not have a fragment (#...): it is never sent");
        refused.put("{\"url\":\"https://example.com/" + "a".repeat(2048) + "\"}",
                "\"url\" length must be less than or equal to 2048 characters long");
        refused.put("{}", "\"url\" is required");
        refused.put("{\"url\":\"https://example.com/\",\"secret\":\"mine\"}", "\"secret\" is not allowed");
        for (Map.Entry<String, String> body : refused.entrySet()) {
            HttpResponse<String> response = gateway.admin("PUT", "/admin/websites/picky/callback", body.getKey());

            assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
            assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
            assertThat(Gateway.json(response).at("/result/0/message").asText()).as(body.getKey()).isEqualTo(body.getValue());
            assertThat(response.body()).doesNotContain("s3cr3t");
        }
        assertThat(gateway.admin("GET", "/admin/websites/picky/callback", null).statusCode()).isEqualTo(404);

        HttpResponse<String> badState = gateway.admin("GET", "/admin/callbacks?state=LOST", null);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(badState).at("/result/0/path/0").asText()).isEqualTo("state");
    }

    @Test
    void aLoopbackPrivateOrLinkLocalHostIsRefusedUnlessPrivateHostsAreAllowed() throws Exception {
        strict.admin("PUT", "/admin/websites/inside", WEBSITE);
        for (String url : new String[] {receiver.baseUrl() + "/hook", "http://localhost:8080/hook", "http://10.1.2.3/hook",
                "http://192.168.0.10/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]:8080/hook"}) {
            HttpResponse<String> response = strict.admin("PUT", "/admin/websites/inside/callback", "{\"url\":\"" + url + "\"}");

            assertThat(response.statusCode()).as(url).isEqualTo(400);
            assertThat(Gateway.json(response).at("/result/0/message").asText()).as(url)
                    .isEqualTo("\"url\" must not resolve to a loopback, private or link-local address");
        }
        // the same URL where private hosts are allowed (tests, private networks)
        gateway.admin("PUT", "/admin/websites/inside", WEBSITE);
        assertThat(gateway.admin("PUT", "/admin/websites/inside/callback", "{\"url\":\"" + receiver.baseUrl() + "/hook\"}")
                .statusCode()).isEqualTo(201);
    }

    @Test
    void theAddressIsCheckedAgainAtEveryPost() throws Exception {
        strict.admin("PUT", "/admin/websites/moved", WEBSITE);
        // a URL that passed when it was set, whose host now resolves to loopback (set here behind the API's back)
        CallbackRows rows = new CallbackRows(strict);
        rows.setUrl("moved", receiver.baseUrl() + "/moved");
        rows.setSecret("moved", strict.context().getRegistry().findSingleByType(AccessTokenCipher.class)
                .encrypt("moved", CallbackSecrets.generate()));

        CallbackRows.Queued queued = rows.enqueue("moved", "DELIVERED");

        await().atMost(Duration.ofSeconds(10)).until(() -> rows.row(queued.id()).get("last_error") != null);
        assertThat(rows.row(queued.id()).get("last_error"))
                .isEqualTo("the callback URL's host resolves to a loopback, private or link-local address");
        assertThat(rows.state(queued.id())).isNotEqualTo("DELIVERED");
        receiver.verify(0, anyRequestedFor(anyUrl()));
    }

    private static void assertNotFound(HttpResponse<String> response, String what) throws Exception {
        assertThat(response.statusCode()).as(what).isEqualTo(404);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(Gateway.json(response).get("description").asText()).isEqualTo("Cant find " + what);
    }
}
