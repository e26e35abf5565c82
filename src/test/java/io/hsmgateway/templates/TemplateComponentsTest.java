package io.hsmgateway.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.AccountTemplates;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every component kind a template message can carry, sent through the REST door with the seed's request
 * ({templateId, destination, params, media?} and a location's own field), and the exact Cloud API payload compared with
 * the shape of Meta's documented example for that kind (each test cites its page). The templates are stored as a
 * sync from the account leaves them: Meta's components, as a GET of message_templates returns them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateComponentsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PHONE_ID = "106540352242922";
    static final String MESSAGES_PATH = "/v23.0/" + PHONE_ID + "/messages";
    static final String TO = "542994843975";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    WireMockServer mediaHost;
    Gateway gateway;
    AccountTemplates templates;
    String websiteId;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        mediaHost = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        mediaHost.start();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        gateway = Gateway.start(properties);
        templates = new AccountTemplates(gateway);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
        mediaHost.stop();
    }

    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        mediaHost.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.components\"}]}")));
        websiteId = "components-" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, "EAAG-token");
    }

    // ------------------------------------------------------------------------------------------ headers

    /**
     * A named template: the text header's variable, named body variables and a URL button's suffix.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview (named send) and
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components (text header, URL button)
     */
    @Test
    void namedTextHeaderBodyAndUrlButton() throws Exception {
        templates.put(websiteId, "1001", "order_shipped", "UTILITY", "NAMED", "APPROVED", """
                [{"type":"HEADER","format":"TEXT","text":"Pedido {{order}}",
                  "example":{"header_text_named_params":[{"param_name":"order","example":"A-1"}]}},
                 {"type":"BODY","text":"Hola {{name}}, tu pedido {{order_id}} está en camino.",
                  "example":{"body_text_named_params":[{"param_name":"name","example":"Ana"},{"param_name":"order_id","example":"A-1"}]}},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Seguir envío","url":"https://shop.example/track/{{1}}",
                  "example":["https://shop.example/track/ABC123"]}]}]""");

        assertSent(send("1001", """
                {"header.order": "A-77", "name": "Julieta", "order_id": "A-77", "button.0": "A77XYZ"}"""), """
                [{"type":"header","parameters":[{"type":"text","parameter_name":"order","text":"A-77"}]},
                 {"type":"body","parameters":[{"type":"text","parameter_name":"name","text":"Julieta"},
                                              {"type":"text","parameter_name":"order_id","text":"A-77"}]},
                 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A77XYZ"}]}]""",
                "order_shipped");
    }

    /**
     * The two {{1}}s of a positional template (the body's and the URL button's) are told apart by name: 1 and button.0.
     * Positional values in the order of their placeholders, without parameter_name:
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview
     */
    @Test
    void positionalBodyAndUrlButtonEachGetTheirOwnOne() throws Exception {
        templates.put(websiteId, "1002", "appointment_reminder", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"HEADER","format":"TEXT","text":"Turno {{1}}","example":{"header_text":["mañana"]}},
                 {"type":"BODY","text":"Hola {{1}}, tu turno es el {{2}}.","example":{"body_text":[["Ana","lunes"]]}},
                 {"type":"FOOTER","text":"Clínica"},
                 {"type":"BUTTONS","buttons":[{"type":"PHONE_NUMBER","text":"Llamar","phone_number":"+5491100000000"},
                   {"type":"URL","text":"Reprogramar","url":"https://clinic.example/r/{{1}}","example":["https://clinic.example/r/x"]}]}]""");

        assertSent(send("1002", """
                {"2": "lunes 10:00", "1": "Ana", "header.1": "mañana", "button.1": "T-991"}"""), """
                [{"type":"header","parameters":[{"type":"text","text":"mañana"}]},
                 {"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"lunes 10:00"}]},
                 {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"T-991"}]}]""",
                "appointment_reminder");
    }

    /**
     * Media headers by link, HEAD-probed as before; a document keeps its filename.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-media/
     */
    @Test
    void imageVideoAndDocumentHeaders() throws Exception {
        media("/p.png", "image/png");
        media("/v.mp4", "video/mp4");
        media("/f.pdf", "application/pdf");
        for (String format : new String[]{"IMAGE", "VIDEO", "DOCUMENT"}) {
            templates.put(websiteId, "media-" + format, "media_" + format.toLowerCase(), "MARKETING", "POSITIONAL", "APPROVED", """
                    [{"type":"HEADER","format":"%s","example":{"header_handle":["https://scontent.whatsapp.net/x"]}},
                     {"type":"BODY","text":"Hola {{1}}","example":{"body_text":[["Ana"]]}}]""".formatted(format));
        }
        assertSent(send("media-IMAGE", "{\"1\": \"Ana\"}", ",\"media\":{\"link\":\"" + mediaHost.baseUrl() + "/p.png\"}"), """
                [{"type":"header","parameters":[{"type":"image","image":{"link":"%s/p.png"}}]},
                 {"type":"body","parameters":[{"type":"text","text":"Ana"}]}]""".formatted(mediaHost.baseUrl()), "media_image");
        cloudApi.resetRequests();
        assertSent(send("media-VIDEO", "{\"1\": \"Ana\"}", ",\"media\":{\"link\":\"" + mediaHost.baseUrl() + "/v.mp4\"}"), """
                [{"type":"header","parameters":[{"type":"video","video":{"link":"%s/v.mp4"}}]},
                 {"type":"body","parameters":[{"type":"text","text":"Ana"}]}]""".formatted(mediaHost.baseUrl()), "media_video");
        cloudApi.resetRequests();
        assertSent(send("media-DOCUMENT", "{\"1\": \"Ana\"}",
                ",\"media\":{\"link\":\"" + mediaHost.baseUrl() + "/f.pdf\",\"filename\":\"Factura.pdf\"}"), """
                [{"type":"header","parameters":[{"type":"document","document":{"link":"%s/f.pdf","filename":"Factura.pdf"}}]},
                 {"type":"body","parameters":[{"type":"text","text":"Ana"}]}]""".formatted(mediaHost.baseUrl()), "media_document");
    }

    /**
     * A location header: the request's own location field, latitude and longitude as strings as in Meta's send example.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/components (location "Send example")
     */
    @Test
    void locationHeader() throws Exception {
        templates.put(websiteId, "1004", "store_visit", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"Te esperamos."}]""");

        assertSent(send("1004", "{}", """
                ,"location":{"latitude":37.44211676562361,"longitude":"-122.16155960083124","name":"Philz Coffee",
                 "address":"101 Forest Ave, Palo Alto, CA 94301"}"""), """
                [{"type":"header","parameters":[{"type":"location","location":{"latitude":"37.44211676562361",
                  "longitude":"-122.16155960083124","name":"Philz Coffee","address":"101 Forest Ave, Palo Alto, CA 94301"}}]}]""",
                "store_visit");
    }

    // ------------------------------------------------------------------------------------------ body parameters

    /**
     * Currency and date_time body parameters, Meta's objects as the caller gives them.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-media/
     */
    @Test
    void currencyAndDateTimeBodyParameters() throws Exception {
        templates.put(websiteId, "1005", "payment_due", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"Debés {{1}} desde el {{2}}, {{3}}.","example":{"body_text":[["$1","hoy","Ana"]]}}]""");

        assertSent(send("1005", """
                {"1": {"currency": {"fallback_value": "$100.99", "code": "USD", "amount_1000": 100990}},
                 "2": {"date_time": {"fallback_value": "February 25, 1977"}}, "3": "Ana"}"""), """
                [{"type":"body","parameters":[
                   {"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
                   {"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}},
                   {"type":"text","text":"Ana"}]}]""", "payment_due");
    }

    // ------------------------------------------------------------------------------------------ buttons

    /**
     * Quick replies: a payload per button when given; a button without one is left out (it works without).
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/media-card-carousel-templates
     */
    @Test
    void quickReplyPayloads() throws Exception {
        templates.put(websiteId, "1006", "confirm_visit", "UTILITY", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"¿Venís?"},
                 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Sí"},{"type":"QUICK_REPLY","text":"No"}]}]""");

        assertSent(send("1006", "{\"button.1\": \"visit-42-no\"}"), """
                [{"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"visit-42-no"}]}]""",
                "confirm_visit");
    }

    /**
     * A coupon code.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/coupon-templates
     */
    @Test
    void copyCodeCoupon() throws Exception {
        templates.put(websiteId, "1007", "winter_coupon", "MARKETING", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"Usá el cupón {{1}}.","example":{"body_text":[["WINTER25"]]}},
                 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Dejar de recibir"},{"type":"COPY_CODE","example":"250FF"}]}]""");

        assertSent(send("1007", "{\"1\": \"WINTER25\", \"button.1\": \"WINTER25\"}"), """
                [{"type":"body","parameters":[{"type":"text","text":"WINTER25"}]},
                 {"type":"button","sub_type":"copy_code","index":"1","parameters":[{"type":"coupon_code","coupon_code":"WINTER25"}]}]""",
                "winter_coupon");
    }

    /**
     * A flow button's token.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/flows/guides/sendingaflow/
     */
    @Test
    void flowButtonToken() throws Exception {
        templates.put(websiteId, "1008", "feedback_flow", "MARKETING", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"Contanos cómo te fue"},
                 {"type":"BUTTONS","buttons":[{"type":"FLOW","text":"Opinar","flow_id":"123","flow_action":"navigate","navigate_screen":"WELCOME"}]}]""");

        assertSent(send("1008", "{\"button.0\": \"flow-token-9\"}"), """
                [{"type":"button","sub_type":"flow","index":"0","parameters":[{"type":"action","action":{"flow_token":"flow-token-9"}}]}]""",
                "feedback_flow");
    }

    /**
     * Authentication: the code once in params ("1"), twice in the payload (body and the OTP button, sent as a url
     * button at index 0), whether the GET shows the button as OTP or as the URL button WhatsApp turns it into.
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/authentication-templates/copy-code-button-authentication-templates/
     */
    @Test
    void authenticationCodeFillsBodyAndButton() throws Exception {
        templates.put(websiteId, "1009", "verify_code", "AUTHENTICATION", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","text":"*{{1}}* es tu código de verificación.","add_security_recommendation":true},
                 {"type":"FOOTER","text":"Vence en 10 minutos."},
                 {"type":"BUTTONS","buttons":[{"type":"URL","text":"Copiar código",
                   "url":"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}"}]}]""");
        templates.put(websiteId, "1010", "verify_code_tap", "AUTHENTICATION", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","add_security_recommendation":true},
                 {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"ONE_TAP","text":"Autocompletar"}]}]""");
        String expected = """
                [{"type":"body","parameters":[{"type":"text","text":"J$FpnYnP"}]},
                 {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"J$FpnYnP"}]}]""";

        assertSent(send("1009", "{\"1\": \"J$FpnYnP\"}"), expected, "verify_code");
        cloudApi.resetRequests();
        assertSent(send("1010", "{\"1\": \"J$FpnYnP\"}"), expected, "verify_code_tap");
    }

    /**
     * A limited-time offer: image header, the offer's expiration, the body, the coupon (index 0) and the URL (index 1).
     * https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/marketing-templates/limited-time-offer-templates.md
     */
    @Test
    void limitedTimeOffer() throws Exception {
        media("/offer.jpg", "image/jpeg");
        templates.put(websiteId, "1011", "caribe_offer", "MARKETING", "POSITIONAL", "APPROVED", """
                [{"type":"HEADER","format":"IMAGE","example":{"header_handle":["https://scontent.whatsapp.net/o"]}},
                 {"type":"LIMITED_TIME_OFFER","limited_time_offer":{"text":"Expiring offer!","has_expiration":true}},
                 {"type":"BODY","text":"Good news, {{1}}! Use code {{2}} to get 25% off.","example":{"body_text":[["Pablo","CARIBE25"]]}},
                 {"type":"BUTTONS","buttons":[{"type":"COPY_CODE","example":"CARIBE25"},
                   {"type":"URL","text":"Book now!","url":"https://awesomedestinations.com/offers?code={{1}}",
                    "example":["https://awesomedestinations.com/offers?ref=n3mtql"]}]}]""");
        long expires = System.currentTimeMillis() + 86_400_000L;

        assertSent(send("1011", """
                {"1": "Pablo", "2": "CARIBE25", "offer.expiration_time_ms": %d, "button.0": "CARIBE25", "button.1": "n3mtql"}"""
                .formatted(expires), ",\"media\":{\"link\":\"" + mediaHost.baseUrl() + "/offer.jpg\"}"), """
                [{"type":"header","parameters":[{"type":"image","image":{"link":"%s/offer.jpg"}}]},
                 {"type":"body","parameters":[{"type":"text","text":"Pablo"},{"type":"text","text":"CARIBE25"}]},
                 {"type":"limited_time_offer","parameters":[{"type":"limited_time_offer","limited_time_offer":{"expiration_time_ms":%d}}]},
                 {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"CARIBE25"}]},
                 {"type":"button","sub_type":"url","index":"1","parameters":[{"type":"text","text":"n3mtql"}]}]"""
                .formatted(mediaHost.baseUrl(), expires), "caribe_offer");
    }

    /** Hand-written templates keep working unchanged: named variables, by name. */
    @Test
    void handWrittenTemplatesAreSentAsBefore() throws Exception {
        gateway.template(websiteId, "7", "{\"name\":\"order_update\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");

        assertSent(send("7", "{\"name\": \"Julieta\"}"), """
                [{"type":"body","parameters":[{"type":"text","parameter_name":"name","text":"Julieta"}]}]""", "order_update");
    }

    /** The admin API shows, for each stored template, which params name feeds each place, and the header's own field. */
    @Test
    void theAdminApiShowsWhichNameFeedsEachPlace() throws Exception {
        templates.put(websiteId, "2001", "verify_code", "AUTHENTICATION", "POSITIONAL", "APPROVED", """
                [{"type":"BODY","add_security_recommendation":true},
                 {"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE","text":"Copiar"}]}]""");
        templates.put(websiteId, "2002", "store_visit", "UTILITY", "NAMED", "APPROVED", """
                [{"type":"HEADER","format":"LOCATION"},{"type":"BODY","text":"Hola {{name}}"},
                 {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Sí"}]}]""");

        JsonNode otp = Gateway.json(gateway.admin("GET", "/admin/websites/" + websiteId + "/templates/2001", null));
        assertThat(otp.get("params")).isEqualTo(JSON.readTree("""
                [{"name":"1","required":true,"places":[
                   {"component":"body","position":1,"parameter":"text","maxLength":15},
                   {"component":"button","index":0,"subType":"url","parameter":"text","maxLength":15}]}]"""));
        assertThat(otp.get("fields")).isEmpty();

        JsonNode visit = Gateway.json(gateway.admin("GET", "/admin/websites/" + websiteId + "/templates/2002", null));
        assertThat(visit.get("params")).isEqualTo(JSON.readTree("""
                [{"name":"name","required":true,"places":[
                   {"component":"body","position":1,"parameter":"text, currency or date_time","parameterName":"name","maxLength":1024}]},
                 {"name":"button.0","required":false,"places":[
                   {"component":"button","index":0,"subType":"quick_reply","parameter":"payload"}]}]"""));
        assertThat(visit.get("fields").toString()).isEqualTo("[\"location\"]");
        assertThat(visit.get("unsupported").isNull()).isTrue();
    }

    // ------------------------------------------------------------------------------------------ helpers

    HttpResponse<String> send(String templateId, String params) throws Exception {
        return send(templateId, params, "");
    }

    HttpResponse<String> send(String templateId, String params, String extra) throws Exception {
        return gateway.notify(websiteId, apiKey, "{\"templateId\":\"" + templateId + "\",\"destination\":\"" + TO
                + "\",\"params\":" + params + extra + "}");
    }

    void media(String path, String contentType) {
        mediaHost.stubFor(head(urlEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", contentType).withHeader("Content-Length", "1000")));
    }

    /** SUCCESS, and exactly one message with exactly these components (in this order, nothing more) reached the Cloud API. */
    void assertSent(HttpResponse<String> response, String components, String name) throws Exception {
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).as(response.body()).isEqualTo("SUCCESS");
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"messaging_product":"whatsapp","recipient_type":"individual","to":"%s","type":"template",
                 "template":{"name":"%s","language":{"code":"es_AR"},"components":%s},
                 "biz_opaque_callback_data":"%s"}""".formatted(TO, name, components, body.get("notificationId").asText()))));
    }
}
