package io.hsmgateway.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.AccountTemplates;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Meta would refuse for the parameters' shape is refused here first, with the seed's INVALID_BODY listing every
 * problem at once, and nothing reaches the Cloud API: missing and unexpected variables per component, Meta's
 * send-time limits (header text length, new lines, tabs and runs of spaces, coupon and code lengths, URL suffixes,
 * expirations), typed parameters, a media header without a link, a location. A template that is not APPROVED, or that
 * holds what the gateway cannot send, is refused by name and state; a retired one is not found.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateRefusalsTest {

    static final String PHONE_ID = "106540352242922";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    Gateway gateway;
    AccountTemplates templates;
    String websiteId;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        gateway = Gateway.start(Gateway.defaults(cloudApi));
        templates = new AccountTemplates(gateway);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.x\"}]}")));
        websiteId = "refusals-" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, "EAAG-token");
        templates.put(websiteId, "named", "order_shipped", "UTILITY", "NAMED", "APPROVED", """
                [{"type":"HEADER","format":"TEXT","text":"Pedido {{order}}"},
                 {"type":"BODY","text":"Hola {{name}}"},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Ver","url":"https://shop.example/track/{{1}}"},
                                             {"type":"QUICK_REPLY","text":"Baja"}]}]""");
        templates.put(websiteId, "coupon", "summer_coupon", "MARKETING", "POSITIONAL", "APPROVED", """
                [{"type":"HEADER","format":"IMAGE"},
                 {"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"¡Oferta!","has_expiration":true}},
                 {"type":"BODY","text":"Usá {{1}}"},
                 {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"SUMMER25"}]}]""");
        templates.put(websiteId, "otp", "verify_code", "AUTHENTICATION", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","add_security_recommendation":true},
                 {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copiar"}]}]""");
        templates.put(websiteId, "money", "payment_due", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"Debés {{1}} desde el {{2}}"}]""");
        templates.put(websiteId, "where", "store_visit", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"Te esperamos"}]""");
    }

    @AfterEach
    void nothingReachedTheCloudApi() {
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void missingAndUnexpectedVariablesOfEveryComponentAtOnce() throws Exception {
        assertInvalid(send("named", "{\"nombre\": \"Ana\", \"button.1\": \"baja-1\", \"button.3\": \"x\"}", ""),
                "\"params.header.order\" is required",
                "\"params.name\" is required",
                "\"params.button.0\" is required",
                "\"params.nombre\" is not allowed",
                "\"params.button.3\" is not allowed");
    }

    /** Meta refuses these in parameters (132018, v23.0+); a header's text is at most 60 characters. */
    @Test
    void textMetaWouldRefuse() throws Exception {
        assertInvalid(send("named", """
                        {"header.order": "%s", "name": "Ana\\nPérez", "button.0": "with space"}""".formatted("x".repeat(61)), ""),
                "\"params.header.order\" length must be less than or equal to 60 characters long",
                "\"params.name\" with value \"Ana\nPérez\" fails to match the no new lines, tabs or more than 4 consecutive spaces pattern",
                "\"params.button.0\" with value \"with space\" fails to match the URL suffix without spaces (percent-encode them) pattern");
        assertInvalid(send("named", """
                        {"header.order": "A\\t1", "name": "Ana     Pérez", "button.0": "", "button.1": ""}""", ""),
                "\"params.header.order\" with value \"A\t1\" fails to match the no new lines, tabs or more than 4 consecutive spaces pattern",
                "\"params.name\" with value \"Ana     Pérez\" fails to match the no new lines, tabs or more than 4 consecutive spaces pattern",
                "\"params.button.0\" is not allowed to be empty",
                "\"params.button.1\" is not allowed to be empty");
    }

    /** A coupon is at most 15 letters and digits; an offer's end is in the future; a media header needs a link. */
    @Test
    void couponsOffersAndMediaHeaders() throws Exception {
        assertInvalid(send("coupon", """
                        {"1": "Ana", "button.0": "SUMMER-25", "offer.expiration_time_ms": 1209600000}""", ""),
                "\"params.offer.expiration_time_ms\" must be in the future",
                "\"params.button.0\" must only contain alpha-numeric characters",
                "\"media\" is required");
        assertInvalid(send("coupon", """
                        {"1": "Ana", "button.0": "SUMMER2025SUMMER2025", "offer.expiration_time_ms": "soon"}""",
                        ",\"media\":{\"link\":\"https://cdn.example/p.png\"}"),
                "\"params.offer.expiration_time_ms\" must be an integer",
                "\"params.button.0\" length must be less than or equal to 15 characters long");
    }

    /** An authentication code fills two places, and is said once when it is wrong for both. */
    @Test
    void oneTimePasswords() throws Exception {
        assertInvalid(send("otp", "{\"1\": \"1234567890123456\"}", ""),
                "\"params.1\" length must be less than or equal to 15 characters long");
        assertInvalid(send("otp", "{\"1\": {\"date_time\": {\"fallback_value\": \"x\"}}}", ""),
                "\"params.1\" must be one of [string, number, boolean]");
        assertInvalid(send("otp", "{}", ""), "\"params.1\" is required");
    }

    @Test
    void currencyAndDateTimeAsMetaDefinesThem() throws Exception {
        assertInvalid(send("money", """
                        {"1": {"currency": {"fallback_value": "$1", "code": "usd", "amount_1000": 100990.0, "extra": 1}},
                         "2": {"date_time": {}}}""", ""),
                "\"params.1.currency.extra\" is not allowed",
                "\"params.1.currency.code\" with value \"usd\" fails to match the ISO 4217 currency code pattern",
                "\"params.1.currency.amount_1000\" must be an integer (the amount times 1000)",
                "\"params.2.date_time.fallback_value\" is required");
        assertInvalid(send("money", "{\"1\": {\"currency\": {}, \"date_time\": {}}, \"2\": \"hoy\"}", ""),
                "\"params.1\" must be one of [string, number, boolean]");
    }

    @Test
    void locationOnlyWhereTheHeaderIsOne() throws Exception {
        assertInvalid(send("where", "{}", ""), "\"location\" is required");
        assertInvalid(send("where", "{}", ",\"location\":{\"latitude\":\"91\",\"longitude\":\"east\"}"),
                "\"location.latitude\" must be between -90 and 90",
                "\"location.longitude\" must be a number");
        assertInvalid(send("money", "{\"1\": \"a\", \"2\": \"b\"}", ",\"location\":{\"latitude\":1,\"longitude\":2}"),
                "\"location\" is not allowed");
    }

    /** https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview: only APPROVED templates are sent. */
    @Test
    void aTemplateThatIsNotApprovedIsRefusedNamingItsState() throws Exception {
        for (String status : List.of("PAUSED", "DISABLED", "REJECTED", "PENDING")) {
            templates.put(websiteId, "old", "old_promo", "MARKETING", "POSITIONAL", status, "[{\"type\":\"BODY\",\"text\":\"Hola\"}]");
            HttpResponse<String> response = send("old", "{}", "");
            JsonNode body = Gateway.json(response);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(body.get("code").asText()).isEqualTo("TEMPLATE_NOT_APPROVED");
            assertThat(body.get("description").asText())
                    .isEqualTo("Template old (old_promo, es_AR) is " + status + " at WhatsApp: only APPROVED templates can be sent");
            assertThat(body.get("result").get("status").asText()).isEqualTo(status);
        }
    }

    @Test
    void aTemplateWithWhatTheGatewayCannotSendIsRefusedSayingWhat() throws Exception {
        templates.put(websiteId, "cards", "carousel_promo", "MARKETING", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"Mirá"},{"type":"CAROUSEL","cards":[]}]""");
        HttpResponse<String> response = send("cards", "{}", "");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("TEMPLATE_NOT_SUPPORTED");
        assertThat(body.get("description").asText()).contains("a CAROUSEL component");
    }

    @Test
    void aRetiredTemplateIsNotFound() throws Exception {
        templates.retire(websiteId, "money");
        HttpResponse<String> response = send("money", "{\"1\": \"a\", \"2\": \"b\"}", "");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(response).get("description").asText())
                .isEqualTo("Cant find requested template money for website " + websiteId);
    }

    HttpResponse<String> send(String templateId, String params, String extra) throws Exception {
        return gateway.notify(websiteId, apiKey, "{\"templateId\":\"" + templateId + "\",\"destination\":\"542994843975\","
                + "\"params\":" + params + extra + "}");
    }

    /** INVALID_BODY whose problems' messages start with these, in this order, and nothing else. */
    static void assertInvalid(HttpResponse<String> response, String... messages) throws Exception {
        JsonNode body = Gateway.json(response);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_BODY");
        List<String> actual = body.get("result").findValuesAsText("message");
        assertThat(actual).as(response.body()).hasSize(messages.length);
        for (int i = 0; i < messages.length; i++) {
            assertThat(actual.get(i)).as(response.body()).startsWith(messages[i]);
        }
    }
}
