package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases issue 22 names, one by one, as fixed examples beside {@link OpenApiContractTest}'s generated ones: an id
 * outside the identifier rule, filters by one rule each, the actions routed as actions, webhook bodies of the wrong
 * shape, one-line 404 descriptions, bounded problem lists, and the envelope for refusals below the routes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DocumentAndServerAgreeTest {

    static final String WEBSITE = "{\"name\":\"w\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}";
    static final String SECRET = "agree-app-secret";

    WireMockServer cloudApi;
    Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.app-secret", SECRET);
        gateway = Gateway.start(properties);
        gateway.website("shop", "1", "t");
    }

    @AfterAll
    void stop() {
        gateway.close();
        cloudApi.stop();
    }

    @Test
    void anIdOutsideTheRuleIsRefusedNeverA500() throws Exception {
        String tooLong = "a".repeat(65);
        assertThat(gateway.admin("PUT", "/admin/websites/" + "a".repeat(64), WEBSITE).statusCode()).isEqualTo(201);
        assertInvalid(gateway.admin("PUT", "/admin/websites/" + tooLong, WEBSITE), "websiteId");
        assertInvalid(gateway.admin("PUT", "/admin/websites/shop/templates/" + tooLong,
                "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}"), "templateId");
        for (String id : new String[] {"a%2Fb", "a%00b", "a%0Ab", "a%20b", "a%C3%A9"}) {
            assertInvalid(gateway.admin("PUT", "/admin/websites/" + id, WEBSITE), "websiteId");
            HttpResponse<String> lookup = gateway.admin("GET", "/admin/websites/" + id, null);
            assertThat(lookup.statusCode()).as(id).isEqualTo(404);
            assertThat(Gateway.json(lookup).get("description").asText()).as(id).matches("^Cant find .+$");
        }
        assertThat(gateway.admin("GET", "/admin/websites", null).body()).doesNotContain("a/b", "a\\u0000b");
    }

    @Test
    void aDescriptionIsOneLineWhateverTheIdCarries() throws Exception {
        HttpResponse<String> notFound = gateway.admin("GET", "/admin/notifications/x%0Ay%E2%80%A8z", null);

        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(notFound).get("description").asText()).isEqualTo("Cant find notification x?y?z");
    }

    @Test
    void theDestinationPatternAndTheServerAgreeOnANoBreakSpace() throws Exception {
        OpenApiSpec spec = OpenApiSpec.load();
        JsonNode pattern = spec.document.at("/components/schemas/NotificationRequest/properties/destination");
        String withNoBreakSpace = "54 2994\u00a0843975";
        String withSpaces = "+54 (299) 484-3975";

        // \s is a no-break space in ECMA-262 (the regex dialect of JSON Schema, so of other tools reading the document)
        // and not in Java's (the server's validator): the pattern names its whitespace so both read it the same
        assertThat(pattern.get("pattern").asText()).doesNotContain("\\s");
        assertThat(spec.validate(pattern, com.fasterxml.jackson.databind.node.TextNode.valueOf(withNoBreakSpace))).isNotEmpty();
        assertThat(spec.validate(pattern, com.fasterxml.jackson.databind.node.TextNode.valueOf(withSpaces))).isEmpty();
        String key = gateway.website("nbsp", "1", "t");
        HttpResponse<String> refused = gateway.notify("nbsp", key,
                "{\"templateId\":\"7\",\"destination\":\"" + withNoBreakSpace + "\",\"params\":{}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("destination");
    }

    @Test
    void theCallbackOfAnUnknownWebsiteIsNotFoundAsDocumented() throws Exception {
        assertThat(gateway.admin("DELETE", "/admin/websites/nobody/callback", null).statusCode()).isEqualTo(404);
    }

    @Test
    void everyFilterHasOneRuleOnEveryListing() throws Exception {
        for (String query : new String[] {"status=A", "status=read", "limit=", "offset=", "limit=501", "limit=-1",
                "offset=2147483648", "websiteId=a%2Fb", "channel=", "since=yesterday", "state=BOGUS"}) {
            String name = query.substring(0, query.indexOf('='));
            for (String listing : new String[] {"/admin/notifications", "/admin/dead-letters", "/admin/callbacks"}) {
                boolean takes = switch (name) {
                    case "status" -> listing.equals("/admin/notifications");
                    case "channel", "since" -> listing.equals("/admin/dead-letters");
                    case "state" -> listing.equals("/admin/callbacks");
                    default -> true;
                };
                if (takes) {
                    assertInvalid(gateway.admin("GET", listing + "?" + query, null), name);
                }
            }
        }
        for (String listing : new String[] {"/admin/notifications", "/admin/dead-letters", "/admin/callbacks"}) {
            assertThat(gateway.admin("GET", listing + "?limit=500&offset=2147483647", null).statusCode()).as(listing).isEqualTo(200);
        }
        assertThat(gateway.admin("GET", "/admin/notifications?status=READ", null).statusCode()).isEqualTo(200);
    }

    @Test
    void theActionsAreActionsNotIds() throws Exception {
        for (String[] call : new String[][] {{"GET", "/admin/notifications/retry-now"}, {"GET", "/admin/dead-letters/replay"},
                {"DELETE", "/admin/dead-letters/replay"}}) {
            HttpResponse<String> answer = gateway.admin(call[0], call[1], null);
            assertThat(answer.statusCode()).as(call[1]).isEqualTo(405);
            assertThat(answer.headers().firstValue("Allow")).as(call[1]).hasValue("POST");
            assertThat(Gateway.json(answer).get("code").asText()).isEqualTo("METHOD_NOT_ALLOWED");
        }
        HttpResponse<String> mistyped = gateway.admin("GET", "/websites/shop", null);
        assertThat(mistyped.statusCode()).isEqualTo(404);
        assertThat(Gateway.json(mistyped).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aSignedWebhookBodyWithoutEntriesIsRefused() throws Exception {
        for (String body : new String[] {"[]", "{}", "{\"entry\":{\"x\":1}}", "{\"entry\":[1]}", "{\"entry\":[{\"changes\":{}}]}"}) {
            HttpResponse<String> answer = gateway.request("POST", "/webhooks/whatsapp", body, null,
                    Map.of("X-Hub-Signature-256", ContractRequests.signature(SECRET, body)));
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(Gateway.json(answer).get("code").asText()).as(body).isEqualTo("INVALID_BODY");
        }
        String empty = "{\"object\":\"whatsapp_business_account\",\"entry\":[]}";
        assertThat(gateway.request("POST", "/webhooks/whatsapp", empty, null,
                Map.of("X-Hub-Signature-256", ContractRequests.signature(SECRET, empty))).statusCode()).isEqualTo(200);
    }

    @Test
    void thousandsOfProblemsGetTheFirstTwentyAndACount() throws Exception {
        StringBuilder params = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            params.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        String body = "{\"name\":\"w\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"," + params + "}";
        HttpResponse<String> answer = gateway.admin("PUT", "/admin/websites/many", body);

        assertThat(answer.statusCode()).isEqualTo(400);
        JsonNode problems = Gateway.json(answer).get("result");
        assertThat(problems).hasSize(21);
        assertThat(problems.get(0).get("type").asText()).isEqualTo("object.unknown");
        assertThat(problems.get(20).get("type").asText()).isEqualTo("any.truncated");
        assertThat(problems.get(20).get("context").get("omitted").asInt()).isEqualTo(3000 - 20);
        assertThat(answer.body().length()).isLessThan(body.length() / 10);
    }

    @Test
    void refusalsBelowTheRoutesAreTheEnvelope() throws Exception {
        Map<String, String> raw = Map.of(
                "431", "GET /admin/websites HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(100_000) + "\r\n\r\n",
                "414", "GET /admin/websites?x=" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "400", "POST /admin/websites/shop HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n");
        for (Map.Entry<String, String> request : raw.entrySet()) {
            String[] answer = OpenApiContractTest.rawExchange(gateway.port(), request.getValue());
            assertThat(answer[0]).isEqualTo(request.getKey());
            JsonNode envelope = OpenApiSpec.read(answer[1].getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(envelope.get("statusCode").asInt()).isEqualTo(Integer.parseInt(request.getKey()));
            assertThat(envelope.get("code").asText()).isIn("HEADERS_TOO_LARGE", "URI_TOO_LONG", "INVALID_CONTENT_LENGTH");
        }
    }

    private static void assertInvalid(HttpResponse<String> answer, String name) throws Exception {
        assertThat(answer.statusCode()).as(name + ": " + answer.body()).isEqualTo(400);
        JsonNode envelope = Gateway.json(answer);
        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(envelope.get("result").get(0).get("path").get(0).asText()).isEqualTo(name);
    }
}
