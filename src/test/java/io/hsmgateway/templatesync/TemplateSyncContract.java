package io.hsmgateway.templatesync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Templates synced from a website's WhatsApp Business Account, end to end: the real gateway on loopback, one WireMock
 * as both the Graph API (the account's {@code message_templates}) and the Cloud API (messages). Runs once per database
 * (H2 and PostgreSQL subclasses). Every test has a website, phone number and account of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TemplateSyncContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "EAAG-graph-secret-token-123";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer meta;
    Gateway gateway;

    /** The database this run uses: overrides of {@code hsm.db.*}. */
    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        meta = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        meta.start();
        CloudApiStub.accept(meta);
        Map<String, String> properties = Gateway.defaults(meta);
        properties.putAll(database());
        properties.put("hsm.templates.sync-interval-ms", "0"); // only the syncs a test asks for
        properties.put("hsm.whatsapp.response-timeout-ms", "1500");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        meta.stop();
    }

    /** A website with a WhatsApp Business Account: [websiteId, apikey, phoneNumberId, businessAccountId]. */
    String[] accountWebsite() throws Exception {
        int n = WEBSITES.incrementAndGet();
        String websiteId = "sync" + n + "-" + getClass().getSimpleName().toLowerCase();
        String phone = "20000000" + n + (database().isEmpty() ? "1" : "2");
        String waba = "30000000" + n + (database().isEmpty() ? "1" : "2");
        Map<String, Object> website = new LinkedHashMap<>();
        website.put("name", "W");
        website.put("phoneNumberId", phone);
        website.put("accessToken", TOKEN);
        website.put("businessAccountId", waba);
        HttpResponse<String> put = gateway.admin("PUT", "/admin/websites/" + websiteId, JSON.writeValueAsString(website));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        assertThat(Gateway.json(put).get("businessAccountId").asText()).isEqualTo(waba);
        String key = Gateway.json(gateway.admin("POST", "/admin/websites/" + websiteId + "/apikeys", null)).get("apikey").asText();
        return new String[] {websiteId, key, phone, waba};
    }

    HttpResponse<String> sync(String websiteId) throws Exception {
        return gateway.admin("POST", "/admin/websites/" + websiteId + "/templates/sync", null);
    }

    static List<String> ids(JsonNode entries) {
        return java.util.stream.StreamSupport.stream(entries.spliterator(), false).map(e -> e.get("templateId").asText()).toList();
    }

    /** What Meta approved is changed at Meta: a hand-written PUT on a synced template's id is refused, the template kept. */
    @Test
    void aSyncedTemplateCannotBeOverwrittenByHand() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.listing(meta, w[3], List.of(List.of(GraphApiStub.template("701", "hello", "APPROVED", "Hola"))));
        assertThat(sync(w[0]).statusCode()).isEqualTo(200);

        HttpResponse<String> put = gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/701",
                "{\"name\":\"other\",\"language\":\"en\",\"type\":\"TEXT\",\"variables\":[\"x\"]}");

        assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
        assertThat(Gateway.json(put).at("/result/0/message").asText())
                .startsWith("\"templateId\" is a template synced from the WhatsApp Business Account");
        JsonNode kept = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/701", null));
        assertThat(kept.get("name").asText()).isEqualTo("hello");
        assertThat(kept.get("source").asText()).isEqualTo("ACCOUNT");
    }

    @Test
    void everyPageIsReadWithItsCursorAndEveryTemplateStoredWithItsComponents() throws Exception {
        String[] w = accountWebsite();
        String shipped = "{\"id\":\"501\",\"name\":\"order_shipped\",\"language\":\"es_AR\",\"status\":\"APPROVED\","
                + "\"category\":\"UTILITY\",\"parameter_format\":\"NAMED\",\"components\":["
                + "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Pedido {{order}}\",\"example\":{\"header_text_named_params\":[{\"param_name\":\"order\",\"example\":\"A1\"}]}},"
                + "{\"type\":\"BODY\",\"text\":\"Hola {{name}}\",\"example\":{\"body_text_named_params\":[{\"param_name\":\"name\",\"example\":\"Ana\"}]}},"
                + "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Seguir\",\"url\":\"https://shop.example/track/{{1}}\",\"example\":[\"https://shop.example/track/A1\"]}]}]}";
        String coupon = "{\"id\":\"502\",\"name\":\"summer_coupon\",\"language\":\"es_AR\",\"status\":\"APPROVED\","
                + "\"category\":\"MARKETING\",\"components\":[{\"type\":\"HEADER\",\"format\":\"IMAGE\",\"example\":{\"header_handle\":[\"https://scontent.whatsapp.net/x.jpg\"]}},"
                + "{\"type\":\"BODY\",\"text\":\"Usá {{1}}\",\"example\":{\"body_text\":[[\"SUMMER25\"]]}}]}";
        GraphApiStub.listing(meta, w[3], List.of(
                List.of(shipped, GraphApiStub.template("503", "hello", "APPROVED", "Hola")),
                List.of(coupon),
                List.of(GraphApiStub.template("504", "old_promo", "PAUSED", "Promo"))));

        HttpResponse<String> response = sync(w[0]);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode report = Gateway.json(response);
        assertThat(ids(report.get("added"))).containsExactly("501", "503", "502", "504");
        assertThat(report.at("/added/0").toString())
                .isEqualTo("{\"templateId\":\"501\",\"name\":\"order_shipped\",\"language\":\"es_AR\",\"status\":\"APPROVED\"}");
        assertThat(report.get("changed")).isEmpty();
        assertThat(report.get("retired")).isEmpty();
        assertThat(report.get("unchanged").asInt()).isZero();
        // three pages: the first without a cursor, then each with the one the page before gave; the website's token
        String path = GraphApiStub.path(w[3]);
        assertThat(meta.findAll(getRequestedFor(urlPathEqualTo(path)))).hasSize(3);
        meta.verify(1, getRequestedFor(urlPathEqualTo(path)).withQueryParam("after", absent())
                .withQueryParam("fields", equalTo("id,name,language,status,category,parameter_format,components"))
                .withQueryParam("limit", equalTo("100")).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        meta.verify(1, getRequestedFor(urlPathEqualTo(path)).withQueryParam("after", equalTo("cursor-1")));
        meta.verify(1, getRequestedFor(urlPathEqualTo(path)).withQueryParam("after", equalTo("cursor-2")));
        // nothing of the admin call went to Meta
        meta.verify(0, getRequestedFor(urlPathEqualTo(path)).withHeader("Authorization", equalTo("Bearer " + Gateway.ADMIN_TOKEN)));

        JsonNode stored = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/501", null));
        assertThat(stored.get("source").asText()).isEqualTo("ACCOUNT");
        assertThat(stored.get("status").asText()).isEqualTo("APPROVED");
        assertThat(stored.get("category").asText()).isEqualTo("UTILITY");
        assertThat(stored.get("parameterFormat").asText()).isEqualTo("NAMED");
        assertThat(stored.get("type").asText()).isEqualTo("TEXT");
        assertThat(stored.get("components")).isEqualTo(JSON.readTree(shipped).get("components"));
        assertThat(stored.get("retiredAt").isNull()).isTrue();
        JsonNode image = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/502", null));
        assertThat(image.get("type").asText()).isEqualTo("IMAGE");
        assertThat(image.get("parameterFormat").asText()).isEqualTo("POSITIONAL"); // Meta's default when absent
        JsonNode all = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates", null));
        assertThat(ids(all)).containsExactly("501", "502", "503", "504");
    }

    @Test
    void aSecondSyncReportsWhatChangedAndTheRetiredAndPausedAreNotSent() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.listing(meta, w[3], List.of(List.of(
                GraphApiStub.template("601", "stays", "APPROVED", "Igual"),
                GraphApiStub.template("602", "gets_paused", "APPROVED", "Pausa"),
                GraphApiStub.template("603", "goes_away", "APPROVED", "Chau"))));
        assertThat(sync(w[0]).statusCode()).isEqualTo(200);
        // the account changes: 602 is paused, 603 is deleted, 604 is new
        GraphApiStub.listing(meta, w[3], List.of(List.of(
                GraphApiStub.template("601", "stays", "APPROVED", "Igual"),
                GraphApiStub.template("602", "gets_paused", "PAUSED", "Pausa"),
                GraphApiStub.template("604", "is_new", "APPROVED", "Nuevo"))));

        JsonNode report = Gateway.json(sync(w[0]));

        assertThat(report.get("added").toString())
                .isEqualTo("[{\"templateId\":\"604\",\"name\":\"is_new\",\"language\":\"es_AR\",\"status\":\"APPROVED\"}]");
        assertThat(report.get("changed").toString())
                .isEqualTo("[{\"templateId\":\"602\",\"name\":\"gets_paused\",\"language\":\"es_AR\",\"status\":\"PAUSED\"}]");
        assertThat(report.get("retired").toString())
                .isEqualTo("[{\"templateId\":\"603\",\"name\":\"goes_away\",\"language\":\"es_AR\",\"status\":\"APPROVED\"}]");
        assertThat(report.get("unchanged").asInt()).isEqualTo(1);
        JsonNode retired = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/603", null));
        assertThat(retired.get("retiredAt").isNull()).isFalse();

        HttpResponse<String> toRetired = gateway.notify(w[0], w[1],
                "{\"templateId\":\"603\",\"destination\":\"542994843975\",\"params\":{}}");
        assertThat(toRetired.statusCode()).as(toRetired.body()).isEqualTo(404);
        assertThat(Gateway.json(toRetired).get("code").asText()).isEqualTo("NOT_FOUND");
        HttpResponse<String> toPaused = gateway.notify(w[0], w[1],
                "{\"templateId\":\"602\",\"destination\":\"542994843975\",\"params\":{}}");
        assertThat(toPaused.statusCode()).as(toPaused.body()).isEqualTo(409);
        assertThat(Gateway.json(toPaused).get("code").asText()).isEqualTo("TEMPLATE_NOT_APPROVED");
        meta.verify(0, postRequestedFor(urlPathEqualTo("/v23.0/" + w[2] + "/messages")));

        // a third sync with the same listing changes nothing
        JsonNode again = Gateway.json(sync(w[0]));
        assertThat(again.get("added")).isEmpty();
        assertThat(again.get("changed")).isEmpty();
        assertThat(again.get("retired")).isEmpty();
        assertThat(again.get("unchanged").asInt()).isEqualTo(3);
    }

    @Test
    void anAliasAddressesASyncedTemplateAndAClashIsRefused() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.listing(meta, w[3], List.of(List.of(
                GraphApiStub.template("701", "welcome", "APPROVED", "Bienvenido"),
                GraphApiStub.template("702", "goodbye", "APPROVED", "Chau"))));
        assertThat(sync(w[0]).statusCode()).isEqualTo(200);
        gateway.template(w[0], "8", "{\"name\":\"hand_written\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        String alias = "/admin/websites/" + w[0] + "/templates/701/alias";

        HttpResponse<String> set = gateway.admin("PUT", alias, "{\"alias\":\"7\"}");

        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(Gateway.json(set).get("alias").asText()).isEqualTo("7");
        assertThat(Gateway.json(set).get("templateId").asText()).isEqualTo("701");
        HttpResponse<String> sent = gateway.notify(w[0], w[1], "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        meta.verify(1, postRequestedFor(urlPathEqualTo("/v23.0/" + w[2] + "/messages"))
                .withRequestBody(matchingJsonPath("$.template.name", equalTo("welcome"))));

        // another template's id (hand-written 8) or alias (7) is refused, saying whose it is
        HttpResponse<String> clash = gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/702/alias", "{\"alias\":\"8\"}");
        assertThat(clash.statusCode()).as(clash.body()).isEqualTo(400);
        JsonNode error = Gateway.json(clash);
        assertThat(error.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(error.at("/result/0/path").toString()).isEqualTo("[\"alias\"]");
        assertThat(error.at("/result/0/type").asText()).isEqualTo("any.invalid");
        assertThat(error.at("/result/0/message").asText()).contains("template 8");
        HttpResponse<String> aliasClash = gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/702/alias", "{\"alias\":\"7\"}");
        assertThat(aliasClash.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(aliasClash).at("/result/0/message").asText()).contains("template 701");
        // a hand-written template may have one too; the body is checked
        assertThat(gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/8/alias", "{\"alias\":\"legacy-8\"}").statusCode())
                .isEqualTo(200);
        assertThat(gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/8/alias", "{\"alias\":\"no spaces\"}").statusCode())
                .isEqualTo(400);
        assertThat(gateway.admin("PUT", "/admin/websites/" + w[0] + "/templates/999/alias", "{\"alias\":\"x\"}").statusCode())
                .isEqualTo(404);

        HttpResponse<String> removed = gateway.admin("DELETE", alias, null);

        assertThat(removed.statusCode()).isEqualTo(204);
        assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/701", null)).get("alias").isNull()).isTrue();
        HttpResponse<String> gone = gateway.notify(w[0], w[1], "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{}}");
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(404);
        // a sync keeps the alias
        gateway.admin("PUT", alias, "{\"alias\":\"7\"}");
        assertThat(sync(w[0]).statusCode()).isEqualTo(200);
        assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/701", null)).get("alias").asText())
                .isEqualTo("7");
    }

    @Test
    void aCloudApiAnswer132001StartsASyncOfTheWebsite() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.listing(meta, w[3], List.of(List.of(GraphApiStub.template("801", "fresh", "APPROVED", "Hola"))));
        gateway.template(w[0], "9", "{\"name\":\"deleted_at_meta\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}");
        meta.stubFor(post(urlPathEqualTo("/v23.0/" + w[2] + "/messages")).willReturn(aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#132001) Template name does not exist in the translation\","
                        + "\"type\":\"OAuthException\",\"code\":132001,\"fbtrace_id\":\"A1\"}}")));

        HttpResponse<String> sent = gateway.notify(w[0], w[1], "{\"templateId\":\"9\",\"destination\":\"542994843975\",\"params\":{}}");

        assertThat(Gateway.json(sent).at("/result/providerCode").asInt()).as(sent.body()).isEqualTo(132001);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(meta.findAll(getRequestedFor(urlPathEqualTo(GraphApiStub.path(w[3]))))).hasSize(1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/801", null).statusCode()).isEqualTo(200));
    }

    @Test
    void aGraphApiErrorIsAProviderErrorAndTheTokenIsNeverLogged() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.error(meta, w[3], 401, "{\"error\":{\"message\":\"Invalid OAuth access token - Cannot parse access token\","
                + "\"type\":\"OAuthException\",\"code\":190,\"fbtrace_id\":\"AbC\"}}");
        try (LogCapture log = LogCapture.start()) {

            HttpResponse<String> response = sync(w[0]);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
            JsonNode answer = Gateway.json(response);
            assertThat(answer.get("code").asText()).isEqualTo("PROVIDER_ERROR");
            assertThat(answer.get("result").toString()).isEqualTo("{\"providerCode\":190,"
                    + "\"providerMessage\":\"Invalid OAuth access token - Cannot parse access token\",\"providerStatus\":401}");
            assertThat(log.text()).contains("190").doesNotContain(TOKEN);
        }
    }

    @Test
    void aGraphApiThatDoesNotAnswerInTimeIsAProviderErrorAndNothingIsRetired() throws Exception {
        String[] w = accountWebsite();
        GraphApiStub.listing(meta, w[3], List.of(List.of(GraphApiStub.template("951", "kept", "APPROVED", "Hola"))));
        assertThat(sync(w[0]).statusCode()).isEqualTo(200);
        // the first page answers, the second never does in time
        GraphApiStub.listing(meta, w[3], List.of(List.of(), List.of()));
        meta.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo(GraphApiStub.path(w[3])))
                .withQueryParam("after", equalTo("cursor-1"))
                .willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{\"data\":[]}")));

        HttpResponse<String> response = sync(w[0]);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(502);
        assertThat(Gateway.json(response).get("result").toString())
                .isEqualTo("{\"providerCode\":null,\"providerMessage\":\"no answer in time\",\"providerStatus\":null}");
        JsonNode kept = Gateway.json(gateway.admin("GET", "/admin/websites/" + w[0] + "/templates/951", null));
        assertThat(kept.get("retiredAt").isNull()).as("a listing cut short retires nothing").isTrue();
    }

    @Test
    void aWebsiteWithoutAnAccountOrUnknownCannotBeSynced() throws Exception {
        HttpResponse<String> unknown = sync("no-such-website");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(unknown).get("code").asText()).isEqualTo("NOT_FOUND");

        gateway.website("no-account-" + getClass().getSimpleName().toLowerCase(), "1", "t");
        HttpResponse<String> noAccount = sync("no-account-" + getClass().getSimpleName().toLowerCase());
        assertThat(noAccount.statusCode()).as(noAccount.body()).isEqualTo(400);
        JsonNode answer = Gateway.json(noAccount);
        assertThat(answer.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(answer.get("result")).hasSize(1);
        assertThat(answer.at("/result/0/path").toString()).isEqualTo("[\"businessAccountId\"]");
        assertThat(answer.at("/result/0/type").asText()).isEqualTo("any.required");
        assertThat(answer.at("/result/0/message").asText()).startsWith("\"businessAccountId\" is required to sync");

        HttpResponse<String> badAccount = gateway.admin("PUT", "/admin/websites/x",
                "{\"name\":\"W\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\",\"businessAccountId\":\"12a\"}");
        assertThat(badAccount.statusCode()).isEqualTo(400);
    }
}
