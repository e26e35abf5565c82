package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API: its token, websites, keys shown once and revocable, templates, notification status; and how it
 * answers what it does not offer (a method, a path, an id), pinned as it was before the API moved to the REST DSL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiTest {

    /** Every operation of the admin API, on ids that exist nowhere. */
    static final String[][] OPERATIONS = {
            {"GET", "/admin/websites"}, {"GET", "/admin/websites/w"}, {"PUT", "/admin/websites/w"},
            {"DELETE", "/admin/websites/w"}, {"GET", "/admin/websites/w/apikeys"}, {"POST", "/admin/websites/w/apikeys"},
            {"DELETE", "/admin/websites/w/apikeys/k"}, {"GET", "/admin/websites/w/templates"},
            {"GET", "/admin/websites/w/templates/1"}, {"PUT", "/admin/websites/w/templates/1"},
            {"DELETE", "/admin/websites/w/templates/1"}, {"POST", "/admin/websites/w/templates/sync"},
            {"PUT", "/admin/websites/w/templates/1/alias"}, {"DELETE", "/admin/websites/w/templates/1/alias"},
            {"GET", "/admin/dead-letters"},
            {"POST", "/admin/dead-letters/replay"}, {"GET", "/admin/dead-letters/d"}, {"DELETE", "/admin/dead-letters/d"},
            {"POST", "/admin/dead-letters/d/replay"}, {"GET", "/admin/notifications"},
            {"POST", "/admin/notifications/retry-now"}, {"GET", "/admin/notifications/n"},
            {"GET", "/admin/websites/w/callback"}, {"PUT", "/admin/websites/w/callback"},
            {"DELETE", "/admin/websites/w/callback"}, {"GET", "/admin/callbacks"}, {"POST", "/admin/callbacks/c/replay"}};

    static final String UNAUTHORIZED =
            "{\"code\":\"UNAUTHORIZED\",\"statusCode\":401,\"description\":\"Invalid admin token\",\"result\":null}";
    static final String WEBSITE = "{\"name\":\"W\",\"phoneNumberId\":\"1\",\"accessToken\":\"t\"}";
    static final String TEMPLATE = "{\"name\":\"x\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[]}";

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
    void everyOperationIsARouteOfItsOwnInTheRestDslWithNoProcessorLambdas() {
        Map<String, String> operations = new LinkedHashMap<>(); // route id → its REST consumer, {braces} URI-encoded
        operations.put(AdminApi.WEBSITES_LIST, "get:/admin:/websites");
        operations.put(AdminApi.WEBSITE_GET, "get:/admin:/websites/%7BwebsiteId%7D");
        operations.put(AdminApi.WEBSITE_PUT, "put:/admin:/websites/%7BwebsiteId%7D");
        operations.put(AdminApi.WEBSITE_DELETE, "delete:/admin:/websites/%7BwebsiteId%7D");
        operations.put(AdminApi.API_KEYS_LIST, "get:/admin:/websites/%7BwebsiteId%7D/apikeys");
        operations.put(AdminApi.API_KEY_CREATE, "post:/admin:/websites/%7BwebsiteId%7D/apikeys");
        operations.put(AdminApi.API_KEY_DELETE, "delete:/admin:/websites/%7BwebsiteId%7D/apikeys/%7BkeyId%7D");
        operations.put(AdminApi.TEMPLATES_LIST, "get:/admin:/websites/%7BwebsiteId%7D/templates");
        operations.put(AdminApi.TEMPLATE_GET, "get:/admin:/websites/%7BwebsiteId%7D/templates/%7BtemplateId%7D");
        operations.put(AdminApi.TEMPLATE_PUT, "put:/admin:/websites/%7BwebsiteId%7D/templates/%7BtemplateId%7D");
        operations.put(AdminApi.TEMPLATE_DELETE, "delete:/admin:/websites/%7BwebsiteId%7D/templates/%7BtemplateId%7D");
        operations.put(AdminApi.TEMPLATES_SYNC, "post:/admin:/websites/%7BwebsiteId%7D/templates/sync");
        operations.put(AdminApi.TEMPLATE_ALIAS_PUT, "put:/admin:/websites/%7BwebsiteId%7D/templates/%7BtemplateId%7D/alias");
        operations.put(AdminApi.TEMPLATE_ALIAS_DELETE, "delete:/admin:/websites/%7BwebsiteId%7D/templates/%7BtemplateId%7D/alias");
        operations.put(AdminApi.DEAD_LETTERS_LIST, "get:/admin:/dead-letters");
        operations.put(AdminApi.DEAD_LETTERS_REPLAY, "post:/admin:/dead-letters/replay");
        operations.put(AdminApi.DEAD_LETTER_GET, "get:/admin:/dead-letters/%7BdeadLetterId%7D");
        operations.put(AdminApi.DEAD_LETTER_DELETE, "delete:/admin:/dead-letters/%7BdeadLetterId%7D");
        operations.put(AdminApi.DEAD_LETTER_REPLAY, "post:/admin:/dead-letters/%7BdeadLetterId%7D/replay");
        operations.put(AdminApi.NOTIFICATIONS_LIST, "get:/admin:/notifications");
        operations.put(AdminApi.NOTIFICATIONS_RETRY_NOW, "post:/admin:/notifications/retry-now");
        operations.put(AdminApi.NOTIFICATION_GET, "get:/admin:/notifications/%7BnotificationId%7D");
        operations.put(AdminApi.CALLBACK_GET, "get:/admin:/websites/%7BwebsiteId%7D/callback");
        operations.put(AdminApi.CALLBACK_PUT, "put:/admin:/websites/%7BwebsiteId%7D/callback");
        operations.put(AdminApi.CALLBACK_DELETE, "delete:/admin:/websites/%7BwebsiteId%7D/callback");
        operations.put(AdminApi.CALLBACKS_LIST, "get:/admin:/callbacks");
        operations.put(AdminApi.CALLBACK_REPLAY, "post:/admin:/callbacks/%7BcallbackId%7D/replay");
        CamelContext context = gateway.context();

        assertThat(context.getRoutes()).map(Route::getRouteId).filteredOn(id -> id.startsWith("admin-"))
                .containsExactlyInAnyOrderElementsOf(operations.keySet());
        operations.forEach((id, consumer) -> {
            // served by the platform-http server the rest of the gateway uses
            assertThat(context.getRoute(id).getEndpoint().getEndpointUri()).as(id)
                    .isEqualTo("rest://" + consumer + "?consumerComponentName=platform-http&routeId=" + id);
            List<ProcessorDefinition<?>> steps = new ArrayList<>();
            collectOutputs(((ModelCamelContext) context).getRouteDefinition(id), steps);
            assertThat(steps).as(id).isNotEmpty().noneMatch(step -> step instanceof ProcessDefinition);
        });
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

    @Test
    void everyOperationChecksTheTokenBeforeAnythingElse() throws Exception {
        for (String[] call : OPERATIONS) {
            for (String authorization : new String[] {null, "Bearer wrong", Gateway.ADMIN_TOKEN, "bearer " + Gateway.ADMIN_TOKEN,
                    "'Bearer " + Gateway.ADMIN_TOKEN + "'", "\"Bearer " + Gateway.ADMIN_TOKEN + "\"", "null"}) {
                // a body that is not even JSON: the token is checked first
                HttpResponse<String> response = gateway.request(call[0], call[1], "not json", authorization);

                assertThat(response.statusCode()).as(call[0] + " " + call[1] + " with " + authorization).isEqualTo(401);
                assertThat(response.body()).isEqualTo(UNAUTHORIZED);
                assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            }
        }
    }

    @Test
    void unknownIdsAreNotFoundInTheEnvelope() throws Exception {
        gateway.admin("PUT", "/admin/websites/known", WEBSITE);
        Map<String, String> calls = new LinkedHashMap<>();
        calls.put("GET /admin/websites/nobody", "website nobody");
        calls.put("DELETE /admin/websites/nobody", "website nobody");
        calls.put("GET /admin/websites/nobody/apikeys", "website nobody");
        calls.put("POST /admin/websites/nobody/apikeys", "website nobody");
        calls.put("DELETE /admin/websites/known/apikeys/nokey", "api key nokey");
        calls.put("GET /admin/websites/nobody/templates", "website nobody");
        calls.put("GET /admin/websites/known/templates/9", "template 9 for website known");
        calls.put("DELETE /admin/websites/known/templates/9", "template 9 for website known");
        calls.put("POST /admin/websites/nobody/templates/sync", "website nobody");
        calls.put("DELETE /admin/websites/known/templates/9/alias", "template 9 for website known");
        calls.put("GET /admin/dead-letters/none", "dead letter none");
        calls.put("DELETE /admin/dead-letters/none", "dead letter none");
        calls.put("POST /admin/dead-letters/none/replay", "dead letter none");
        calls.put("GET /admin/notifications/none", "notification none");
        for (Map.Entry<String, String> call : calls.entrySet()) {
            String[] request = call.getKey().split(" ");
            assertNotFound(gateway.admin(request[0], request[1], null), call.getValue());
        }
        // the website is looked for before the template body is checked
        assertNotFound(gateway.admin("PUT", "/admin/websites/nobody/templates/1", TEMPLATE), "website nobody");
        assertNotFound(gateway.admin("PUT", "/admin/websites/nobody/templates/1", "not json"), "website nobody");
        assertNotFound(gateway.admin("PUT", "/admin/websites/nobody/templates/1/alias", "not json"), "website nobody");
        assertNotFound(gateway.admin("PUT", "/admin/websites/known/templates/9/alias", "{\"alias\":\"a\"}"),
                "template 9 for website known");
    }

    @Test
    void idsAreTakenAsTheyAreQuotesAndNullIncluded() throws Exception {
        assertThat(gateway.admin("PUT", "/admin/websites/null", WEBSITE).statusCode()).isEqualTo(201);
        assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/null", null)).get("websiteId").asText()).isEqualTo("null");
        assertThat(gateway.admin("PUT", "/admin/websites/null/templates/null", TEMPLATE).statusCode()).isEqualTo(201);
        assertThat(Gateway.json(gateway.admin("GET", "/admin/websites/null/templates/null", null)).get("templateId").asText())
                .isEqualTo("null");

        gateway.admin("PUT", "/admin/websites/quoted", WEBSITE);
        assertNotFound(gateway.admin("GET", "/admin/websites/'quoted'", null), "website 'quoted'");
        assertNotFound(gateway.admin("GET", "/admin/websites/%22quoted%22", null), "website \"quoted\"");
        assertNotFound(gateway.admin("DELETE", "/admin/websites/'quoted'", null), "website 'quoted'");
        assertThat(gateway.admin("GET", "/admin/websites/quoted", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aMethodThePathDoesNotOfferIs405InTheEnvelopeWithATrueAllowTokenOrNot() throws Exception {
        String[][] calls = {{"PATCH", "/admin/websites/x", "DELETE, GET, PUT"}, {"POST", "/admin/websites", "GET"},
                {"DELETE", "/admin/websites", "GET"}, {"PUT", "/admin/websites/x/apikeys", "GET, POST"},
                {"GET", "/admin/websites/x/apikeys/k", "DELETE"}, {"POST", "/admin/websites/x/templates", "GET"},
                {"PATCH", "/admin/websites/x/templates/1", "DELETE, GET, PUT"}, {"POST", "/admin/dead-letters", "GET"},
                {"GET", "/admin/dead-letters/x/replay", "POST"}, {"PUT", "/admin/notifications/x", "GET"},
                {"OPTIONS", "/admin/websites", "GET"}, {"HEAD", "/admin/websites", "GET"},
                // a fixed segment (an action) asked with another method is not taken as an id
                {"GET", "/admin/dead-letters/replay", "POST"}, {"DELETE", "/admin/dead-letters/replay", "POST"},
                {"GET", "/admin/notifications/retry-now", "POST"}, {"GET", "/admin/websites/x/templates/sync", "POST"}};
        for (String[] call : calls) {
            for (String authorization : new String[] {"Bearer " + Gateway.ADMIN_TOKEN, null}) {
                HttpResponse<String> response = gateway.request(call[0], call[1], null, authorization);

                String what = call[0] + " " + call[1] + " with " + authorization;
                assertThat(response.statusCode()).as(what).isEqualTo(405);
                assertThat(response.headers().firstValue("Allow")).as(what).hasValue(call[2]);
                if (!call[0].equals("HEAD")) {
                    assertThat(Gateway.json(response).get("code").asText()).as(what).isEqualTo("METHOD_NOT_ALLOWED");
                }
            }
        }
    }

    @Test
    void aPathTheAdminApiDoesNotHaveIsNotFoundInTheEnvelope() throws Exception {
        for (String path : new String[] {"/admin", "/admin/", "/admin/nothing", "/admin/websites/x/other", "/", "/websites/x"}) {
            HttpResponse<String> response = gateway.admin("GET", path, null);

            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValue("application/json");
            assertThat(response.body()).as(path).isEqualTo(
                    "{\"code\":\"NOT_FOUND\",\"statusCode\":404,\"description\":\"Cant find requested resource\",\"result\":null}");
        }
        // a trailing slash is the same path
        assertThat(gateway.admin("GET", "/admin/websites/", null).statusCode()).isEqualTo(200);
    }

    @Test
    void answersAreJsonAndCarryNothingOfTheRequest() throws Exception {
        gateway.admin("PUT", "/admin/websites/echo", WEBSITE);
        HttpResponse<String> response = gateway.request("GET", "/admin/websites/echo", null,
                "Bearer " + Gateway.ADMIN_TOKEN, Map.of("X-Echo", "back?", "Accept", "text/plain"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(answerHeaders(response)).containsExactly("content-type");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(Gateway.json(response).get("websiteId").asText()).isEqualTo("echo");

        HttpResponse<String> deleted = gateway.admin("DELETE", "/admin/websites/echo", null);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(answerHeaders(deleted)).isEmpty();
    }

    @Test
    void bodiesAndQueriesThatAreNotValidAreInvalidBody() throws Exception {
        for (String body : new String[] {"not json", ""}) {
            HttpResponse<String> response = gateway.admin("PUT", "/admin/websites/unparsed", body);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
            assertThat(Gateway.json(response).at("/result/0/message").asText()).isEqualTo("\"value\" must be of type object");
        }
        gateway.admin("PUT", "/admin/websites/query", WEBSITE);
        HttpResponse<String> template = gateway.admin("PUT", "/admin/websites/query/templates/2", "{\"name\":\"x\"}");
        assertThat(template.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(template).get("result").findValuesAsText("message")).containsExactly(
                "\"language\" is required", "\"type\" is required", "\"variables\" is required");

        for (String[] call : new String[][] {{"GET", "/admin/dead-letters?limit=abc", "limit"},
                {"GET", "/admin/dead-letters?since=yesterday", "since"}, {"POST", "/admin/dead-letters/replay?limit=-1", "limit"},
                {"GET", "/admin/notifications?offset=-2", "offset"}}) {
            HttpResponse<String> response = gateway.admin(call[0], call[1], null);

            assertThat(response.statusCode()).as(call[1]).isEqualTo(400);
            assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
            assertThat(Gateway.json(response).at("/result/0/path/0").asText()).isEqualTo(call[2]);
        }
    }

    /** The answer's header names, less those that only frame the message. */
    private static void collectOutputs(ProcessorDefinition<?> node, List<ProcessorDefinition<?>> into) {
        for (ProcessorDefinition<?> output : node.getOutputs()) {
            into.add(output);
            collectOutputs(output, into);
        }
    }

    private static List<String> answerHeaders(HttpResponse<String> response) {
        return response.headers().map().keySet().stream().map(String::toLowerCase)
                .filter(name -> !name.equals(":status") && !name.equals("content-length") && !name.equals("transfer-encoding"))
                .toList();
    }

    private static void assertNotFound(HttpResponse<String> response, String what) throws Exception {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("code", "NOT_FOUND");
        envelope.put("statusCode", 404);
        envelope.put("description", "Cant find " + what);
        envelope.put("result", null);
        assertThat(response.statusCode()).as(what).isEqualTo(404);
        assertThat(response.body()).isEqualTo(new ObjectMapper().writeValueAsString(envelope));
    }
}
