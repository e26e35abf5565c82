package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published notifications API, end to end: the real gateway on loopback, WireMock as the WhatsApp
 * Cloud API and as the media host. Runs once per database (H2 and PostgreSQL subclasses).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NotificationApiContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "EAAG-secret-access-token";
    static final String PHONE_ID = "106540352242922";
    static final String MESSAGES_PATH = "/v23.0/" + PHONE_ID + "/messages";
    private static final AtomicInteger WEBSITES = new AtomicInteger();

    WireMockServer cloudApi;
    WireMockServer mediaHost;
    Gateway gateway;
    String websiteId;
    String apiKey;

    /** The database this run uses: overrides of {@code hsm.db.*}. */
    abstract Map<String, String> database();

    @BeforeAll
    void startGateway() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        mediaHost = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        mediaHost.start();
        Map<String, String> properties = Gateway.defaults();
        properties.putAll(database());
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.whatsapp.response-timeout-ms", "1500");
        properties.put("hsm.media.probe-cache-seconds", "60");
        properties.put("hsm.media.probe-timeout-ms", "1000");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
        mediaHost.stop();
    }

    /** Each test gets a website of its own, with the seed's template 7 and a fresh API key. */
    @BeforeEach
    void freshWebsite() throws Exception {
        cloudApi.resetAll();
        mediaHost.resetAll();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"542994843975\",\"wa_id\":\"542994843975\"}],"
                        + "\"messages\":[{\"id\":\"wamid.HBgLNTQyOTk0ODQzOTc1FQIAERgSMEE=\"}]}")));
        websiteId = "64652663e65219005dc61bd" + WEBSITES.incrementAndGet();
        apiKey = gateway.website(websiteId, PHONE_ID, TOKEN);
        gateway.template(websiteId, "7", "{\"name\":\"order_update\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    // ---------------------------------------------------------------- SUCCESS and the payloads sent

    @Test
    void seedCurlIsSentAndAnsweredAsPublished() throws Exception {
        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("SUCCESS");
        assertThat(body.get("statusCode").asInt()).isEqualTo(200);
        assertThat(body.get("description").asText()).isEqualTo("Resource successfully created");
        assertThat(body.get("result").asText()).isEqualTo("HSM notification sent to 542994843975.");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");

        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .withRequestBody(equalToJson("""
                        {"messaging_product":"whatsapp","recipient_type":"individual","to":"542994843975",
                         "type":"template","template":{"name":"order_update","language":{"code":"es_AR"},
                         "components":[{"type":"body","parameters":[
                           {"type":"text","parameter_name":"name","text":"Julieta"}]}]},
                         "biz_opaque_callback_data":"%s"}""".formatted(body.get("notificationId").asText()))));

        JsonNode record = Gateway.json(gateway.admin("GET", "/admin/notifications/" + body.get("notificationId").asText(), null));
        assertThat(record.get("status").asText()).isEqualTo("SENT");
        assertThat(record.get("providerMessageId").asText()).isEqualTo("wamid.HBgLNTQyOTk0ODQzOTc1FQIAERgSMEE=");
        assertThat(record.get("channel").asText()).isEqualTo("rest");
        assertThat(record.get("websiteId").asText()).isEqualTo(websiteId);
    }

    @Test
    void aNotificationsStatusIsVisibleToItsWebsiteOnly() throws Exception {
        String id = Gateway.json(gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}"))
                .get("notificationId").asText();
        String path = "/website/" + websiteId + "/hsm/notifications/" + id;

        HttpResponse<String> found = gateway.request("GET", path, null, null, Map.of("apikey", apiKey));
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode body = Gateway.json(found);
        assertThat(body.get("code").asText()).isEqualTo("NOTIFICATION_STATUS");
        assertThat(body.at("/result/status").asText()).isEqualTo("SENT");
        assertThat(body.at("/result/providerMessageId").asText()).startsWith("wamid.");

        HttpResponse<String> wrongKey = gateway.request("GET", path, null, null, Map.of("apikey", "hsm_nope"));
        assertThat(Gateway.json(wrongKey).get("code").asText()).isEqualTo("UNAUTHORIZED");
        String otherKey = gateway.website(websiteId + "x", PHONE_ID, TOKEN);
        HttpResponse<String> otherWebsite = gateway.request("GET",
                "/website/" + websiteId + "x/hsm/notifications/" + id, null, null, Map.of("apikey", otherKey));
        assertThat(otherWebsite.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(otherWebsite).get("description").asText())
                .isEqualTo("Cant find requested notification " + id + " for website " + websiteId + "x");
    }

    @Test
    void numericTemplateIdAndFormattedPhoneAreAccepted() throws Exception {
        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": 7, \"destination\": \"+54 (299) 484-3975\", \"params\": {\"name\": \"Santiago\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response).get("result").asText()).isEqualTo("HSM notification sent to 542994843975.");
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH))
                .withRequestBody(equalToJson("{\"to\":\"542994843975\"}", true, true)));
    }

    @Test
    void positionalTemplateGetsParametersWithoutNames() throws Exception {
        gateway.template(websiteId, "8", "{\"name\":\"positional\",\"language\":\"en_US\",\"type\":\"TEXT\",\"variables\":[\"1\",\"2\"]}");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"8\", \"destination\": \"542994843975\", \"params\": {\"2\": \"second\", \"1\": \"first\"}}");

        assertThat(response.statusCode()).isEqualTo(200);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"template":{"name":"positional","language":{"code":"en_US"},"components":[{"type":"body","parameters":[
                  {"type":"text","text":"first"},{"type":"text","text":"second"}]}]}}""", false, true)));
    }

    @Test
    void templateWithoutVariablesTakesEmptyParamsAndSendsNoBodyComponent() throws Exception {
        gateway.template(websiteId, "9", "{\"name\":\"hello_world\",\"language\":\"en_US\",\"type\":\"TEXT\",\"variables\":[]}");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"9\", \"destination\": \"542994843975\", \"params\": {}}");

        assertThat(response.statusCode()).isEqualTo(200);
        List<LoggedRequest> sent = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        assertThat(sent).hasSize(1);
        assertThat(JSON.readTree(sent.get(0).getBodyAsString()).get("template").has("components")).isFalse();
    }

    @Test
    void imageTemplateSendsTheProbedLinkAndNeverDownloadsIt() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/premium_photo.jpg", 200, "image/jpeg", "120000");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", link, null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson("""
                {"template":{"name":"promo","language":{"code":"es_AR"},"components":[
                  {"type":"header","parameters":[{"type":"image","image":{"link":"%s"}}]},
                  {"type":"body","parameters":[{"type":"text","parameter_name":"name","text":"Santiago"}]}]}}"""
                .formatted(link), false, true)));
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/premium_photo.jpg")));
        mediaHost.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void videoTemplateFallsBackToTheTemplatesDefaultMedia() throws Exception {
        String link = media("/Teste.mp4", 200, "video/mp4", "1570024");
        gateway.template(websiteId, "21", "{\"name\":\"tutorial\",\"language\":\"es_AR\",\"type\":\"VIDEO\",\"variables\":[\"name\"],"
                + "\"media\":{\"link\":\"" + link + "\"}}");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": 21, \"destination\": \"542994843975\", \"params\": {\"name\": \"Santiago\"}}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(
                "{\"template\":{\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\"video\",\"video\":{\"link\":\""
                        + link + "\"}}]},{}]}}", false, true)));
        mediaHost.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void documentTemplateSendsTheFilename() throws Exception {
        gateway.template(websiteId, "22", "{\"name\":\"invoice\",\"language\":\"es_AR\",\"type\":\"DOCUMENT\",\"variables\":[\"name\"]}");
        String link = media("/dummy.pdf", 200, "application/pdf", "13264");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("22", link, "PDF name here"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)).withRequestBody(equalToJson(
                "{\"template\":{\"components\":[{\"type\":\"header\",\"parameters\":[{\"type\":\"document\",\"document\":"
                        + "{\"link\":\"" + link + "\",\"filename\":\"PDF name here\"}}]},{}]}}", false, true)));
    }

    @Test
    void redirectsAreFollowedWithHead() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String target = media("/final.jpg", 200, "image/jpeg", "1000");
        mediaHost.stubFor(head(urlEqualTo("/short")).willReturn(aResponse().withStatus(302).withHeader("Location", target)));

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", mediaHost.baseUrl() + "/short", null));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/short")));
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/final.jpg")));
        mediaHost.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void mimetypesCompareWithoutCaseOrParameters() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/upper.png", 200, "Image/PNG; charset=binary", "1000");

        assertThat(gateway.notify(websiteId, apiKey, request("20", link, null)).statusCode()).isEqualTo(200);
    }

    @Test
    void aLinkReusedByACampaignIsProbedOnce() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/campaign.jpg", 200, "image/jpeg", "5000");

        for (int i = 0; i < 3; i++) {
            assertThat(gateway.notify(websiteId, apiKey, request("20", link, null)).statusCode()).isEqualTo(200);
        }
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/campaign.jpg")));
        cloudApi.verify(3, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    // ---------------------------------------------------------------- the published error codes

    @Test
    void missingFieldsAreListedTogetherExactlyAsPublished() throws Exception {
        HttpResponse<String> response = gateway.notify(websiteId, apiKey, "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(body.get("description").asText()).isEqualTo("Invalid body, query or params");
        assertThat(body.get("result")).isEqualTo(JSON.readTree("""
                [{"message":"\\"templateId\\" is required","path":["templateId"],"type":"any.required",
                  "context":{"label":"templateId","key":"templateId"}},
                 {"message":"\\"destination\\" is required","path":["destination"],"type":"any.required",
                  "context":{"label":"destination","key":"destination"}},
                 {"message":"\\"params\\" is required","path":["params"],"type":"any.required",
                  "context":{"label":"params","key":"params"}}]"""));
        assertNothingSent();
    }

    @Test
    void everyBodyProblemIsInvalidBodyInJoiForm() throws Exception {
        Map<String, List<String>> cases = Map.of(
                "{not json", List.of("\"value\" must be of type object"),
                "[1,2]", List.of("\"value\" must be of type object"),
                "{\"templateId\": true, \"destination\": 542994843975, \"params\": []}",
                List.of("\"templateId\" must be one of [string, number]", "\"destination\" must be a string",
                        "\"params\" must be of type object"),
                "{\"templateId\": \"7\", \"destination\": \"54-299-ABC\", \"params\": {\"name\": \"x\"}}",
                List.of("\"destination\" with value \"54-299-ABC\" fails to match the phone number pattern"),
                "{\"templateId\": \"7\", \"destination\": \"1234567\", \"params\": {\"name\": \"x\"}}",
                List.of("\"destination\" with value \"1234567\" fails to match the phone number pattern"),
                "{\"templateId\": \"\", \"destination\": \"542994843975\", \"params\": {}, \"extra\": 1}",
                List.of("\"templateId\" is not allowed to be empty", "\"extra\" is not allowed"),
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": {\"a\": 1}}}",
                List.of("\"params.name\" must be one of [string, number, boolean]"),
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {}, \"media\": {\"link\": \"ftp://x/y.jpg\"}}",
                List.of("\"media.link\" must be a valid uri with a scheme matching the http|https pattern"),
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"nombre\": \"x\"}}",
                List.of("\"params.name\" is required", "\"params.nombre\" is not allowed"),
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}, \"media\": {\"link\": \"https://example.com/a.jpg\"}}",
                List.of("\"media\" is not allowed"));

        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            HttpResponse<String> response = gateway.notify(websiteId, apiKey, c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = Gateway.json(response);
            assertThat(body.get("code").asText()).as(c.getKey()).isEqualTo("INVALID_BODY");
            assertThat(body.get("result").findValuesAsText("message")).as(c.getKey()).containsExactlyElementsOf(c.getValue());
        }
        assertNothingSent();
    }

    @Test
    void apiKeyHeaderNameIsCaseInsensitive() throws Exception {
        for (String header : new String[] {"APIKEY", "ApiKey"}) {
            HttpResponse<String> response = gateway.request("POST", "/website/" + websiteId + "/hsm/notifications",
                    "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}",
                    null, Map.of(header, apiKey));
            assertThat(response.statusCode()).as(header).isEqualTo(200);
        }
    }

    @Test
    void unknownOrMissingApiKeyIsUnauthorized() throws Exception {
        for (String key : new String[] {"hsm_not-a-key", null, ""}) {
            HttpResponse<String> response = gateway.notify(websiteId, key,
                    "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}");
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(Gateway.json(response)).isEqualTo(JSON.readTree("""
                    {"code":"UNAUTHORIZED","statusCode":401,"description":"Invalid ApiKey","result":{"websiteId":"%s"}}"""
                    .formatted(websiteId)));
        }
        // another website's key does not open this one
        HttpResponse<String> response = gateway.notify("6377e1f22f9fc600267345c3", apiKey, "{}");
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("UNAUTHORIZED");
        assertNothingSent();
    }

    @Test
    void unknownTemplateIsNotFoundAsPublished() throws Exception {
        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": 5, \"destination\": \"542994843975\", \"params\": {}}");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("NOT_FOUND");
        assertThat(body.get("description").asText()).isEqualTo("Cant find requested template 5 for website " + websiteId);
        assertThat(body.get("result")).isEqualTo(JSON.readTree(
                "{\"templateId\":\"5\",\"websiteId\":\"" + websiteId + "\"}"));
        assertThat(body.get("notificationId").asText()).isNotBlank();
        assertNothingSent();
    }

    @Test
    void wrongMimetypeIsInvalidContentTypeAsPublished() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/Teste.mp4", 200, "video/mp4", "1570024");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", link, null));

        assertThat(response.statusCode()).isEqualTo(400);
        assertEnvelope(response, "INVALID_CONTENT_TYPE", 400, "content-type does not match valid values.", """
                {"link":"%s","contentLength":1570024,"contentType":"video/mp4","templateType":"IMAGE",
                 "allowedMimeTypes":["image/png","image/jpeg"]}""".formatted(link));
        assertNothingSent();
    }

    @Test
    void missingContentLengthIsInvalidContentLengthAsPublished() throws Exception {
        gateway.template(websiteId, "22", "{\"name\":\"invoice\",\"language\":\"es_AR\",\"type\":\"DOCUMENT\",\"variables\":[\"name\"]}");
        String link = media("/P_83321.pdf", 200, "application/pdf", null);

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("22", link, null));

        assertThat(response.statusCode()).isEqualTo(400);
        assertEnvelope(response, "INVALID_CONTENT_LENGTH", 400, "Cant get content-lenght header", """
                {"link":"%s","contentLength":null,"contentType":"application/pdf","templateType":"DOCUMENT",
                 "maxFileSize":2000000}""".formatted(link));
        assertNothingSent();
    }

    @Test
    void oversizedFileIsFileSizeExceededAsPublished() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/Snake_River_%285mb%29.jpg", 200, "image/jpeg", "5245329");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", link, null));

        assertThat(response.statusCode()).isEqualTo(409);
        assertEnvelope(response, "FILE_SIZE_EXCEEDED", 409, "File size exeeded for template type", """
                {"link":"%s","contentLength":5245329,"contentType":"image/jpeg","templateType":"IMAGE",
                 "maxFileSize":2000000}""".formatted(link));
        assertNothingSent();
    }

    @Test
    void headRefusedIsHeadMethodNotAllowedAsPublished() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link405 = media("/200", 405, null, null);
        String link501 = media("/201", 501, null, null);

        for (String link : List.of(link405, link501)) {
            HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", link, null));
            assertThat(response.statusCode()).isEqualTo(400);
            assertEnvelope(response, "HEAD_METHOD_NOT_ALLOWED", 400, "The link does not support method HEAD.",
                    "{\"link\":\"" + link + "\"}");
        }
        assertNothingSent();
    }

    @Test
    void brokenMediaLinkIsRefusedClearly() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String missing = media("/gone.jpg", 404, null, null);

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", missing, null));
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("INVALID_MEDIA_LINK");
        assertThat(body.at("/result/reason").asText()).isEqualTo("HEAD answered HTTP 404");

        HttpResponse<String> noMedia = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"20\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}");
        assertThat(Gateway.json(noMedia).get("result").findValuesAsText("message")).containsExactly("\"media\" is required");
        assertNothingSent();
    }

    @Test
    void silentMediaHostIsRefusedWithinTheProbeTimeout() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        mediaHost.stubFor(head(urlEqualTo("/slow.jpg")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)
                .withHeader("Content-Type", "image/jpeg").withHeader("Content-Length", "10")));

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", mediaHost.baseUrl() + "/slow.jpg", null));

        // the host would have answered 200 image/jpeg after 3 s: this refusal is the probe timeout's (1 s) alone
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).at("/result/reason").asText()).isEqualTo("the link's host did not answer in time");
        mediaHost.verify(1, headRequestedFor(urlEqualTo("/slow.jpg")));
        assertNothingSent();
    }

    // ---------------------------------------------------------------- the Cloud API failing

    @Test
    void cloudApiErrorIsABadGatewayWithTheProvidersCodeAndIsRecorded() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#132001) Template name does not exist in the translation\","
                        + "\"type\":\"OAuthException\",\"code\":132001,\"fbtrace_id\":\"AbC\"}}")));

        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}");

        assertThat(response.statusCode()).isEqualTo(502);
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("PROVIDER_ERROR");
        assertThat(body.at("/result/providerCode").asInt()).isEqualTo(132001);
        assertThat(body.at("/result/providerStatus").asInt()).isEqualTo(400);
        assertThat(response.body()).doesNotContain(TOKEN);
        JsonNode record = Gateway.json(gateway.admin("GET", "/admin/notifications/" + body.get("notificationId").asText(), null));
        assertThat(record.get("status").asText()).isEqualTo("FAILED");
        assertThat(record.get("error").asText()).startsWith("132001");
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
    }

    @Test
    void silentCloudApiIsAGatewayTimeoutAndTheOutcomeIsRecordedAsUnknown() throws Exception {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES_PATH)).willReturn(aResponse().withStatus(200).withFixedDelay(4000)
                .withBody("{\"messages\":[{\"id\":\"wamid.late\"}]}")));

        HttpResponse<String> response = gateway.notify(websiteId, apiKey,
                "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"x\"}}");

        // WhatsApp would have answered 200 after 4 s: a 504 is the response timeout's (1.5 s) alone, after one call
        // (an unknown outcome is never tried again: it may have been sent)
        assertThat(response.statusCode()).isEqualTo(504);
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES_PATH)));
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo("PROVIDER_TIMEOUT");
        JsonNode record = Gateway.json(gateway.admin("GET", "/admin/notifications/" + body.get("notificationId").asText(), null));
        assertThat(record.get("status").asText()).isEqualTo("UNKNOWN");
    }

    // ---------------------------------------------------------------- secrets stay where they belong

    @Test
    void secretsAreNeitherEchoedNorForwarded() throws Exception {
        gateway.template(websiteId, "20", "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}");
        String link = media("/secret-check.jpg", 200, "image/jpeg", "100");

        HttpResponse<String> response = gateway.notify(websiteId, apiKey, request("20", link, null));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("apikey") || h.equalsIgnoreCase("authorization"));
        assertThat(response.body()).doesNotContain(apiKey).doesNotContain(TOKEN);
        LoggedRequest probe = mediaHost.findAll(headRequestedFor(anyUrl())).get(0);
        assertThat(probe.getHeaders().keys()).noneMatch(h -> h.equalsIgnoreCase("apikey") || h.equalsIgnoreCase("authorization"));
        LoggedRequest delivery = cloudApi.findAll(postRequestedFor(urlEqualTo(MESSAGES_PATH))).get(0);
        assertThat(delivery.getHeaders().keys()).noneMatch(h -> h.equalsIgnoreCase("apikey"));
        assertThat(gateway.admin("GET", "/admin/websites/" + websiteId, null).body()).doesNotContain(TOKEN);
    }

    // ---------------------------------------------------------------- helpers

    /** Stubs a HEAD answer on the media host and returns the link to it. */
    String media(String path, int status, String contentType, String contentLength) {
        var answer = aResponse().withStatus(status);
        if (contentType != null) {
            answer.withHeader("Content-Type", contentType);
        }
        if (contentLength != null) {
            answer.withHeader("Content-Length", contentLength);
        }
        mediaHost.stubFor(head(urlEqualTo(path)).willReturn(answer));
        return mediaHost.baseUrl() + path;
    }

    static String request(String templateId, String link, String filename) {
        return "{\"templateId\": \"" + templateId + "\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Santiago\"},"
                + " \"media\": {\"link\": \"" + link + "\"" + (filename == null ? "" : ", \"filename\": \"" + filename + "\"") + "}}";
    }

    void assertNothingSent() {
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
    }

    static void assertEnvelope(HttpResponse<String> response, String code, int statusCode, String description,
                               String resultJson) throws Exception {
        JsonNode body = Gateway.json(response);
        assertThat(body.get("code").asText()).isEqualTo(code);
        assertThat(body.get("statusCode").asInt()).isEqualTo(statusCode);
        assertThat(body.get("description").asText()).isEqualTo(description);
        assertThat(body.get("result")).isEqualTo(JSON.readTree(resultJson));
        // field order of the published examples
        assertThat(response.body()).startsWith("{\"code\":\"" + code + "\",\"statusCode\":" + statusCode + ",\"description\":");
    }
}
