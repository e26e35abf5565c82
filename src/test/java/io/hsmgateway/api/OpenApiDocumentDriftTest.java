package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.AccountTemplates;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.webhooks.WhatsAppWebhook;
import io.hsmgateway.webhooks.WebhookSignature;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.rest.RestEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * openapi.json cannot drift from the gateway: the real gateway (WireMock as the Cloud API and as the media host) is
 * made to give every answer the notifications and admin APIs document, and each real answer is checked against the
 * document (its status documented for that operation, its body valid against that status's schema). Both ways:
 * every path and method the running gateway serves is documented, every documented one is served, and every
 * documented status of every operation was produced here (or is named, with the reason, in {@link #NOT_PRODUCED_HERE}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiDocumentDriftTest {

    /** Documented answers a test on loopback cannot bring about cheaply, and why. */
    static final Map<String, String> NOT_PRODUCED_HERE = Map.ofEntries(
            Map.entry("GET /sandbox/whatsapp/messages 200", "served in sandbox mode only (no Cloud API address): SandboxModeTest reads it"),
            Map.entry("POST /admin/callbacks/{callbackId}/replay 200", "needs a DEAD callback: hsm.callbacks.* retries used up (the callbacks' own tests replay one)"),
            Map.entry("POST /website/{websiteId}/hsm/notifications 500", "INTERNAL_ERROR: a fault of ours (NotificationSinkTest injects one)"),
            Map.entry("POST /website/{websiteId}/hsm/notifications 503", "SERVICE_UNAVAILABLE: the database down (DatabaseOutageTest) or every probe thread busy (SlowMediaHostTest)"),
            Map.entry("GET /website/{websiteId}/hsm/notifications/{notificationId} 429", "RATE_LIMITED on wrong keys: would refuse this class's other wrong-key requests in the same second"),
            Map.entry("GET /website/{websiteId}/hsm/notifications/{notificationId} 500", "INTERNAL_ERROR: a fault of ours"),
            Map.entry("GET /website/{websiteId}/hsm/notifications/{notificationId} 503", "SERVICE_UNAVAILABLE: the database down (DatabaseOutageTest)"));

    private static final String NOTIFY = "/website/{websiteId}/hsm/notifications";
    private static final String STATUS = NOTIFY + "/{notificationId}";
    private static final String PHONE_OK = "1000";
    private static final String PHONE_REFUSED = "2000";      // 400, WhatsApp code 132001: permanent → PROVIDER_ERROR
    private static final String PHONE_RATE_LIMITED = "3000"; // 400, WhatsApp code 130429: transient → QUEUED
    private static final String PHONE_SLOW = "4000";         // answers after 1.2 s: a request still in progress
    private static final String PHONE_SILENT = "5000";       // answers after 4 s, past hsm.whatsapp.response-timeout-ms
    private static final String TEXT = "{\"name\":\"order_update\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}";
    private static final String IMAGE = "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\",\"variables\":[\"name\"]}";
    private static final String DOCUMENT = "{\"name\":\"invoice\",\"language\":\"es_AR\",\"type\":\"DOCUMENT\",\"variables\":[\"name\"]}";
    private static final String SEED_BODY = "{\"templateId\": \"7\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}";
    private static final AtomicInteger WEBSITES = new AtomicInteger();
    private static final String VERIFY_TOKEN = "openapi-verify-token";
    private static final String APP_SECRET = "openapi-app-secret";

    /** A valid body of each PUT operation. */
    private static final Map<String, String> VALID_BODIES = Map.of(
            "/admin/websites/{websiteId}", "{\"name\":\"Shop\",\"phoneNumberId\":\"" + PHONE_OK + "\",\"accessToken\":\"EAAG-token\"}",
            "/admin/websites/{websiteId}/templates/{templateId}", TEXT,
            "/admin/websites/{websiteId}/callback", "{\"url\":\"https://example.com/status-callback\"}",
            "/admin/websites/{websiteId}/templates/{templateId}/alias", "{\"alias\":\"7\"}");

    private final OpenApiSpec spec = OpenApiSpec.load();
    /** "METHOD path status" of every real answer checked against the document. */
    private final Set<String> produced = new ConcurrentSkipListSet<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Callers at once: a thread each (the common pool may have one thread on a small machine). */
    private final ExecutorService callers = Executors.newCachedThreadPool();

    private WireMockServer cloudApi;
    private WireMockServer mediaHost;
    private Gateway gateway;

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        mediaHost = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        mediaHost.start();
        stubCloudApi();
        stubMediaHost();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.response-timeout-ms", "2500");
        properties.put("hsm.rest.answer-within-ms", "5000");
        properties.put("hsm.media.probe-timeout-ms", "1000");
        properties.put("hsm.rest.rate-limit.per-key", "5");
        properties.put("hsm.whatsapp.webhook.verify-token", VERIFY_TOKEN);
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        gateway = Gateway.start(properties);
        // the first notification of a cold JVM is slow: not one of the answers checked
        Site warmUp = site(PHONE_OK);
        gateway.notify(warmUp.id, warmUp.key, SEED_BODY);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
        mediaHost.stop();
        callers.shutdownNow();
    }

    // ---------------------------------------------------------------- the notifications API

    @Test
    @Order(1)
    void successAndTheStatusRecord() throws Exception {
        Site site = site(PHONE_OK);
        JsonNode sent = Gateway.json(notify(site, SEED_BODY, Map.of()));
        assertThat(sent.get("code").asText()).isEqualTo("SUCCESS");

        JsonNode status = Gateway.json(call("GET", STATUS, List.of(site.id, sent.get("notificationId").asText()), null,
                Map.of("apikey", site.key)));
        assertThat(status.get("code").asText()).isEqualTo("NOTIFICATION_STATUS");
        call("GET", STATUS, List.of(site.id, "no-such-notification"), null, Map.of("apikey", site.key));
        call("GET", STATUS, List.of(site.id, sent.get("notificationId").asText()), null, Map.of("apikey", "hsm_wrong"));
        assertProduced("GET " + STATUS, "200", "401", "404");
    }

    @Test
    @Order(2)
    void bodyAuthenticationAndTemplateRefusals() throws Exception {
        Site site = site(PHONE_OK);
        assertCode(notify(site, "{}", Map.of()), "INVALID_BODY");
        assertCode(notify(site, "{\"templateId\": \"404\", \"destination\": \"542994843975\", \"params\": {}}", Map.of()), "NOT_FOUND");
        AccountTemplates account = new AccountTemplates(gateway);
        account.put(site.id, "paused", "old_promo", "MARKETING", "POSITIONAL", "PAUSED", "[{\"type\":\"BODY\",\"text\":\"Hola\"}]");
        account.put(site.id, "cards", "carousel_promo", "MARKETING", "POSITIONAL", "APPROVED", "[{\"type\":\"CAROUSEL\",\"cards\":[]}]");
        assertCode(notify(site, "{\"templateId\": \"paused\", \"destination\": \"542994843975\", \"params\": {}}", Map.of()),
                "TEMPLATE_NOT_APPROVED");
        assertCode(notify(site, "{\"templateId\": \"cards\", \"destination\": \"542994843975\", \"params\": {}}", Map.of()),
                "TEMPLATE_NOT_SUPPORTED");
        assertCode(call("POST", NOTIFY, List.of(site.id), SEED_BODY, Map.of("apikey", "hsm_wrong")), "UNAUTHORIZED");
        // a credential in the query string is refused by the HTTP server, before the route: the same envelope
        assertCode(call("POST", NOTIFY + "?apikey=" + site.key, List.of(site.id), SEED_BODY, Map.of()), "INVALID_BODY");
        assertCode(notify(site, "{\"templateId\": \"7\", \"x\": \"" + "y".repeat(70_000) + "\"}", Map.of()), "PAYLOAD_TOO_LARGE");
    }

    @Test
    @Order(3)
    void everyMediaRefusal() throws Exception {
        Site site = site(PHONE_OK);
        assertCode(notify(site, media("20", "/video.mp4"), Map.of()), "INVALID_CONTENT_TYPE");
        assertCode(notify(site, media("30", "/no-length.pdf"), Map.of()), "INVALID_CONTENT_LENGTH");
        assertCode(notify(site, media("20", "/no-head.jpg"), Map.of()), "HEAD_METHOD_NOT_ALLOWED");
        Site another = site(PHONE_OK); // hsm.rest.rate-limit.per-key: 5 a second per key
        assertCode(notify(another, media("20", "/gone.jpg"), Map.of()), "INVALID_MEDIA_LINK");
        assertCode(notify(another, media("20", "/huge.jpg"), Map.of()), "FILE_SIZE_EXCEEDED");
        assertCode(notify(another, media("20", "/photo.jpg"), Map.of()), "SUCCESS");
    }

    @Test
    @Order(4)
    void whatsAppRefusingQueueingAndNotAnswering() throws Exception {
        assertCode(notify(site(PHONE_REFUSED), SEED_BODY, Map.of()), "PROVIDER_ERROR");
        assertCode(notify(site(PHONE_RATE_LIMITED), SEED_BODY, Map.of()), "QUEUED");
        assertCode(notify(site(PHONE_SILENT), SEED_BODY, Map.of()), "PROVIDER_TIMEOUT");
    }

    @Test
    @Order(5)
    void aKeyStillInProgressIsAConflict() throws Exception {
        Site site = site(PHONE_SLOW);
        CompletableFuture<HttpResponse<String>> first = async(() -> notify(site, SEED_BODY, Map.of("Idempotency-Key", "k-openapi")));
        await().until(() -> !cloudApi.findAll(postRequestedFor(urlEqualTo(messages(PHONE_SLOW)))).isEmpty());
        assertCode(notify(site, SEED_BODY, Map.of("Idempotency-Key", "k-openapi")), "IDEMPOTENCY_CONFLICT");
        assertThat(Gateway.json(first.get()).get("code").asText()).isEqualTo("SUCCESS");
    }

    @Test
    @Order(6)
    void overTheKeysRateAndPastTheAnswerDeadline() throws Exception {
        Site limited = site(PHONE_OK);
        HttpResponse<String> answer = null;
        for (int burst = 0; burst < 5 && (answer == null || answer.statusCode() != 429); burst++) {
            // 5 a second are allowed: of 10 at once, some are refused
            List<CompletableFuture<HttpResponse<String>>> ten = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ten.add(async(() -> notify(limited, SEED_BODY, Map.of())));
            }
            for (CompletableFuture<HttpResponse<String>> each : ten) {
                if (answer == null || answer.statusCode() != 429) {
                    answer = each.get();
                } else {
                    each.get();
                }
            }
        }
        assertCode(answer, "RATE_LIMITED");

        // a website held to one message per second: the last of eight at once waits past hsm.rest.answer-within-ms
        // (two per key, under hsm.rest.rate-limit.per-key)
        Site throttled = site(PHONE_OK);
        gateway.admin("PUT", "/admin/websites/" + throttled.id, "{\"name\":\"t\",\"phoneNumberId\":\"" + PHONE_OK
                + "\",\"accessToken\":\"EAAG-token\",\"throttlePerSecond\":1}");
        List<String> keys = new ArrayList<>(List.of(throttled.key));
        for (int i = 0; i < 3; i++) {
            keys.add(Gateway.json(gateway.admin("POST", "/admin/websites/" + throttled.id + "/apikeys", null)).get("apikey").asText());
        }
        List<CompletableFuture<HttpResponse<String>>> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String key = keys.get(i % keys.size());
            eight.add(async(() -> notifyRaw(throttled.id, key, SEED_BODY, Map.of())));
        }
        List<String> codes = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> each : eight) {
            codes.add(Gateway.json(each.get()).get("code").asText());
        }
        assertThat(codes).contains("IN_PROGRESS");
    }

    // ---------------------------------------------------------------- the admin API

    @Test
    @Order(10)
    void everyAdminOperation() throws Exception {
        String site = "openapi-admin";
        String websiteBody = "{\"name\":\"Shop\",\"phoneNumberId\":\"" + PHONE_REFUSED + "\",\"accessToken\":\"EAAG-token\"}";
        assertThat(admin("PUT", "/admin/websites/{websiteId}", List.of(site), websiteBody).statusCode()).isEqualTo(201);
        assertThat(admin("PUT", "/admin/websites/{websiteId}", List.of(site), websiteBody).statusCode()).isEqualTo(200);
        admin("PUT", "/admin/websites/{websiteId}", List.of(site), "{\"name\":\"Shop\"}");
        admin("PUT", "/admin/websites/{websiteId}", List.of(site), "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        admin("GET", "/admin/websites", List.of(), null);
        admin("GET", "/admin/websites/{websiteId}", List.of(site), null);

        String keyId = Gateway.json(admin("POST", "/admin/websites/{websiteId}/apikeys", List.of(site), null)).get("id").asText();
        String key = Gateway.json(gateway.admin("POST", "/admin/websites/" + site + "/apikeys", null)).get("apikey").asText();
        admin("GET", "/admin/websites/{websiteId}/apikeys", List.of(site), null);
        admin("DELETE", "/admin/websites/{websiteId}/apikeys/{keyId}", List.of(site, keyId), null);

        String template = "/admin/websites/{websiteId}/templates/{templateId}";
        assertThat(admin("PUT", template, List.of(site, "7"), TEXT).statusCode()).isEqualTo(201);
        assertThat(admin("PUT", template, List.of(site, "7"), TEXT).statusCode()).isEqualTo(200);
        admin("PUT", template, List.of(site, "7"), "{\"name\":\"Not Valid\"}");
        admin("PUT", template, List.of(site, "7"), "{\"name\":\"" + "x".repeat(70_000) + "\"}");
        admin("PUT", template, List.of(site, "20"), "{\"name\":\"promo\",\"language\":\"es_AR\",\"type\":\"IMAGE\","
                + "\"variables\":[\"name\"],\"media\":{\"link\":\"" + mediaHost.baseUrl() + "/photo.jpg\",\"filename\":\"p.jpg\"}}");
        admin("GET", "/admin/websites/{websiteId}/templates", List.of(site), null);
        admin("GET", template, List.of(site, "20"), null);
        admin("DELETE", template, List.of(site, "20"), null);

        // a notification WhatsApp refuses: a record and a dead letter
        String notificationId = Gateway.json(notifyRaw(site, key, SEED_BODY, Map.of())).get("notificationId").asText();
        admin("GET", "/admin/notifications/{notificationId}", List.of(notificationId), null);
        admin("GET", "/admin/notifications?websiteId=" + site + "&limit=10", List.of(), null);
        admin("GET", "/admin/notifications?limit=many", List.of(), null);
        admin("POST", "/admin/notifications/retry-now?websiteId=" + site, List.of(), null);
        admin("POST", "/admin/notifications/retry-now?websiteId=a%2Fb", List.of(), null);
        // not in sandbox mode here: the sandbox's listing is not served
        call("GET", "/sandbox/whatsapp/messages", List.of(), null, Map.of());

        JsonNode deadLetters = Gateway.json(admin("GET", "/admin/dead-letters?websiteId=" + site, List.of(), null));
        assertThat(deadLetters).hasSize(1);
        String deadLetterId = deadLetters.get(0).get("id").asText();
        admin("GET", "/admin/dead-letters?since=yesterday", List.of(), null);
        admin("GET", "/admin/dead-letters/{deadLetterId}", List.of(deadLetterId), null);
        admin("POST", "/admin/dead-letters/{deadLetterId}/replay", List.of(deadLetterId), null);
        admin("POST", "/admin/dead-letters/{deadLetterId}/replay", List.of(deadLetterId), null);   // 409: replayed already
        admin("POST", "/admin/dead-letters/{deadLetterId}/replay?again=maybe", List.of(deadLetterId), null);
        admin("POST", "/admin/dead-letters/{deadLetterId}/replay?again=true", List.of(deadLetterId), null);
        admin("POST", "/admin/dead-letters/replay?websiteId=" + site + "&limit=5", List.of(), null);
        admin("POST", "/admin/dead-letters/replay?offset=-1", List.of(), null);
        admin("DELETE", "/admin/dead-letters/{deadLetterId}", List.of(deadLetterId), null);

        assertThat(admin("DELETE", "/admin/websites/{websiteId}", List.of(site), null).statusCode()).isEqualTo(204);
    }

    /** Every documented admin operation, without the token and on ids that do not exist. */
    @Test
    @Order(11)
    void everyAdminOperationRefusesAWrongTokenAndAnUnknownId() throws Exception {
        for (String operation : spec.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (!path.startsWith("/admin/")) {
                continue;
            }
            List<String> unknownIds = new ArrayList<>();
            Matcher parameters = Pattern.compile("\\{[^}]+}").matcher(path);
            while (parameters.find()) {
                unknownIds.add("no-such-id");
            }
            // a valid body: an unknown id must be what is refused, whatever each operation checks first
            String body = method.equals("PUT") ? VALID_BODIES.get(path) : null;
            assertThat(body == null && method.equals("PUT")).as("a valid body for %s", operation).isFalse();
            assertThat(call(method, path, unknownIds, body, Map.of("Authorization", "Bearer wrong")).statusCode())
                    .as(operation).isEqualTo(401);
            if (spec.statuses(method, path).contains("404")) {
                assertThat(admin(method, path, unknownIds, body).statusCode()).as(operation).isEqualTo(404);
            }
        }
    }

    /** Templates from a website's WhatsApp Business Account (WireMock as the Graph API too), and templates' aliases. */
    @Test
    @Order(12)
    void theTemplateSyncAndAliasOperations() throws Exception {
        String site = "openapi-sync";
        String website = "/admin/websites/{websiteId}";
        String sync = "/admin/websites/{websiteId}/templates/sync";
        assertThat(admin("PUT", website, List.of(site), "{\"name\":\"Shop\",\"phoneNumberId\":\"" + PHONE_OK
                + "\",\"accessToken\":\"EAAG-token\"}").statusCode()).isEqualTo(201);
        assertThat(admin("POST", sync, List.of(site), null).statusCode()).as("no businessAccountId").isEqualTo(400);
        cloudApi.stubFor(get(urlPathEqualTo("/v23.0/9100/message_templates")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"data\":[{\"id\":\"9101\",\"name\":\"order_update\",\"language\":\"es_AR\",\"status\":\"APPROVED\","
                        + "\"category\":\"UTILITY\",\"parameter_format\":\"POSITIONAL\",\"components\":[{\"type\":\"BODY\",\"text\":\"Hola\"}]}],"
                        + "\"paging\":{\"cursors\":{\"before\":\"b\",\"after\":\"a\"}}}")));
        cloudApi.stubFor(get(urlPathEqualTo("/v23.0/9200/message_templates")).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}")));
        String withAccount = "{\"name\":\"Shop\",\"phoneNumberId\":\"" + PHONE_OK + "\",\"accessToken\":\"EAAG-token\","
                + "\"businessAccountId\":\"%s\"}";
        assertThat(admin("PUT", website, List.of(site), withAccount.formatted("9100")).statusCode()).isEqualTo(200);
        assertThat(admin("POST", sync, List.of(site), null).statusCode()).isEqualTo(200);

        String alias = "/admin/websites/{websiteId}/templates/{templateId}/alias";
        assertThat(admin("PUT", alias, List.of(site, "9101"), "{\"alias\":\"7\"}").statusCode()).isEqualTo(200);
        admin("GET", "/admin/websites/{websiteId}/templates/{templateId}", List.of(site, "9101"), null);
        admin("GET", "/admin/websites/{websiteId}/templates", List.of(site), null);
        assertThat(admin("PUT", alias, List.of(site, "9101"), "{\"alias\":\"not valid\"}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", alias, List.of(site, "no-such-template"), "{\"alias\":\"8\"}").statusCode()).isEqualTo(404);
        assertThat(admin("PUT", alias, List.of(site, "9101"), "{\"alias\":\"" + "x".repeat(70_000) + "\"}").statusCode())
                .isEqualTo(413);
        assertThat(admin("DELETE", alias, List.of(site, "9101"), null).statusCode()).isEqualTo(204);

        assertThat(admin("PUT", website, List.of(site), withAccount.formatted("9200")).statusCode()).isEqualTo(200);
        assertThat(admin("POST", sync, List.of(site), null).statusCode()).as("the Graph API refusing").isEqualTo(502);
    }

    // ---------------------------------------------------------------- built on other branches (run once merged)

    /** Meta's handshake and signed status POSTs, as Meta sends them. */
    @Test
    @Order(30)
    void theWhatsAppWebhook() throws Exception {
        String handshake = "/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=";
        HttpResponse<String> verified = call("GET", handshake + VERIFY_TOKEN, List.of(), null, Map.of());
        assertThat(verified.body()).isEqualTo("1158201444");
        assertThat(call("GET", handshake + "wrong", List.of(), null, Map.of()).statusCode()).isEqualTo(403);

        String statuses = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{"
                + "\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":"
                + "\"15550783881\",\"phone_number_id\":\"" + PHONE_OK + "\"},\"statuses\":[{\"id\":\"wamid.openapi-unknown\","
                + "\"status\":\"delivered\",\"timestamp\":\"1764594000\",\"recipient_id\":\"542994843975\"}]}}]}]}";
        assertThat(call("POST", "/webhooks/whatsapp", List.of(), statuses,
                Map.of("X-Hub-Signature-256", sign(APP_SECRET, statuses))).statusCode()).isEqualTo(200);
        assertThat(call("POST", "/webhooks/whatsapp", List.of(), statuses,
                Map.of("X-Hub-Signature-256", sign("not-the-secret", statuses))).statusCode()).isEqualTo(401);
        String notJson = "statuses, but not JSON";
        assertThat(call("POST", "/webhooks/whatsapp", List.of(), notJson,
                Map.of("X-Hub-Signature-256", sign(APP_SECRET, notJson))).statusCode()).isEqualTo(400);
        // the webhook's own limit (hsm.whatsapp.webhook.max-bytes, 3 MiB), not hsm.request.max-bytes
        String tooLarge = "{\"entry\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
        assertThat(call("POST", "/webhooks/whatsapp", List.of(), tooLarge,
                Map.of("X-Hub-Signature-256", sign(APP_SECRET, tooLarge))).statusCode()).isEqualTo(413);
    }

    /** A website's status callback URL, set, read, changed, refused and removed; the callbacks' listing. */
    @Test
    @Order(31)
    void theStatusCallbackAdminOperations() throws Exception {
        Site site = site(PHONE_OK);
        String callback = "/admin/websites/{websiteId}/callback";
        // a loopback address is allowed here as media links are (hsm.media.allow-private-hosts in Gateway.defaults)
        String url = "{\"url\":\"" + cloudApi.baseUrl() + "/status-callback\"}";
        assertThat(admin("PUT", callback, List.of(site.id), url).statusCode()).isEqualTo(201);
        assertThat(admin("PUT", callback, List.of(site.id), url).statusCode()).isEqualTo(200);
        assertThat(admin("PUT", callback, List.of(site.id), "{\"url\":\"ftp://example.com/x\"}").statusCode()).isEqualTo(400);
        assertThat(admin("PUT", callback, List.of(site.id), "{\"url\":\"https://example.com/" + "x".repeat(70_000) + "\"}")
                .statusCode()).isEqualTo(413);
        assertThat(admin("GET", callback, List.of(site.id), null).statusCode()).isEqualTo(200);
        admin("GET", "/admin/callbacks?websiteId=" + site.id + "&limit=10", List.of(), null);
        admin("GET", "/admin/callbacks?limit=many", List.of(), null);
        assertThat(admin("DELETE", callback, List.of(site.id), null).statusCode()).isEqualTo(204);
        assertThat(admin("GET", callback, List.of(site.id), null).statusCode()).isEqualTo(404);
    }


    private static String sign(String secret, String body) {
        return WebhookSignature.sign(secret.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- the document itself

    @Test
    @Order(20)
    void getOpenApiJsonServesTheFileInTheRepository() throws Exception {
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(URI.create(gateway.url("/openapi.json")))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(served.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age"));
        byte[] repository = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("src/main/resources/openapi.json"));
        assertThat(served.body()).as("GET /openapi.json is src/main/resources/openapi.json, byte for byte").isEqualTo(repository);
        call("GET", "/openapi.json", List.of(), null, Map.of());
    }

    /** Every path and method the running gateway serves on its HTTP port is documented, and the other way round. */
    @Test
    @Order(21)
    void theDocumentedAndTheServedPathsAreTheSame() {
        Set<String> served = servedOperations();
        Set<String> documented = new TreeSet<>(spec.operations());

        Set<String> servedNotDocumented = new TreeSet<>(served);
        servedNotDocumented.removeAll(documented);
        assertThat(servedNotDocumented).as("served on the HTTP port but not in openapi.json").isEmpty();
        Set<String> documentedNotServed = new TreeSet<>(documented);
        documentedNotServed.removeAll(served);
        // the built-in sandbox's listing is served in sandbox mode only (servedOperations leaves it out too)
        documentedNotServed.removeIf(operation -> operation.contains(" /sandbox/"));
        assertThat(documentedNotServed).as("in openapi.json but not served").isEmpty();
    }

    /**
     * What this class produced covers what the document promises, operation by operation, status by status. It runs
     * last and counts the answers of the tests before it: run the class whole.
     */
    @Test
    @Order(99)
    void everyDocumentedAnswerWasProduced() {
        Set<String> missing = new TreeSet<>();
        for (String operation : spec.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            for (String status : spec.statuses(method, path)) {
                String answer = operation + " " + status;
                if (!produced.contains(answer) && !NOT_PRODUCED_HERE.containsKey(answer)) {
                    missing.add(answer);
                }
            }
        }
        assertThat(missing).as("documented answers no test here produced").isEmpty();
        assertThat(produced).as("answers produced that NOT_PRODUCED_HERE says cannot be").doesNotContainAnyElementsOf(NOT_PRODUCED_HERE.keySet());
    }

    /**
     * "METHOD path" of every route on the HTTP port: platform-http consumers and the REST DSL's (both are platform-http
     * endpoints), except the built-in sandbox's and the YAML doors an integrator adds under routes/.
     */
    Set<String> servedOperations() {
        Set<String> served = new TreeSet<>();
        for (Route route : gateway.context().getRoutes()) {
            String method;
            String path;
            if (route.getEndpoint() instanceof PlatformHttpEndpoint endpoint) {
                method = endpoint.getHttpMethodRestrict();
                path = endpoint.getPath();
            } else if (route.getEndpoint() instanceof RestEndpoint endpoint) {
                method = endpoint.getMethod();
                path = endpoint.getPath() + (endpoint.getUriTemplate() == null ? "" : endpoint.getUriTemplate());
            } else {
                continue;
            }
            if (path.startsWith("/sandbox/") || fromRoutesFolder(route)) {
                continue;
            }
            assertThat(method).as("%s (route %s) restricts its methods", path, route.getRouteId()).isNotBlank();
            for (String verb : method.split(",")) {
                served.add(verb.trim().toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        // taken ahead of Camel's HTTP routes, with a body limit of its own (BodyLimits), then its direct: route
        if (gateway.context().getRoute(WhatsAppWebhook.RECEIVE) != null) {
            served.add("POST " + WhatsAppWebhook.PATH);
        }
        return served;
    }

    private static boolean fromRoutesFolder(Route route) {
        return route.getSourceResource() != null && route.getSourceResource().getLocation() != null
                && route.getSourceResource().getLocation().replace('\\', '/').contains("routes/");
    }

    // ---------------------------------------------------------------- helpers

    private record Site(String id, String key) {
    }

    /** A website of its own (sending from the given phone number id) with templates 7 (TEXT), 20 (IMAGE), 30 (DOCUMENT). */
    private Site site(String phoneNumberId) throws Exception {
        String id = "openapi-" + WEBSITES.incrementAndGet();
        String key = gateway.website(id, phoneNumberId, "EAAG-token");
        gateway.template(id, "7", TEXT);
        gateway.template(id, "20", IMAGE);
        gateway.template(id, "30", DOCUMENT);
        return new Site(id, key);
    }

    private HttpResponse<String> notify(Site site, String body, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("apikey", site.key);
        return call("POST", NOTIFY, List.of(site.id), body, all);
    }

    private HttpResponse<String> notifyRaw(String websiteId, String key, String body, Map<String, String> headers) throws Exception {
        Map<String, String> all = new HashMap<>(headers);
        all.put("apikey", key);
        return call("POST", NOTIFY, List.of(websiteId), body, all);
    }

    private HttpResponse<String> admin(String method, String pathAndQuery, List<String> ids, String body) throws Exception {
        return call(method, pathAndQuery, ids, body, Map.of("Authorization", "Bearer " + Gateway.ADMIN_TOKEN));
    }

    /**
     * Sends a real request to the path template with its parameters filled in (in order), and checks the answer
     * against the document's operation for that template. A query string after the template is sent as it is.
     */
    private HttpResponse<String> call(String method, String pathAndQuery, List<String> ids, String body,
                                      Map<String, String> headers) throws Exception {
        int query = pathAndQuery.indexOf('?');
        String template = query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
        String path = template;
        for (String id : ids) {
            path = path.replaceFirst("\\{[^}]+}", Matcher.quoteReplacement(id));
        }
        assertThat(path).as("every parameter of %s filled", template).doesNotContain("{");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(path + (query < 0 ? "" : pathAndQuery.substring(query)))))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        spec.assertDocuments(method, template, response);
        produced.add(method + " " + template + " " + response.statusCode());
        return response;
    }

    /** The request on a thread of its own. */
    private CompletableFuture<HttpResponse<String>> async(Callable<HttpResponse<String>> request) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return request.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, callers);
    }

    private static void assertCode(HttpResponse<String> response, String code) throws Exception {
        assertThat(response).isNotNull();
        assertThat(Gateway.json(response).get("code").asText()).as(response.body()).isEqualTo(code);
    }

    private void assertProduced(String operation, String... statuses) {
        for (String status : statuses) {
            assertThat(produced).contains(operation + " " + status);
        }
    }

    private String media(String templateId, String path) {
        String link = mediaHost.baseUrl() + path;
        return "{\"templateId\": \"" + templateId + "\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Santiago\"},"
                + " \"media\": {\"link\": \"" + link + "\"" + (templateId.equals("30") ? ", \"filename\": \"f.pdf\"" : "") + "}}";
    }

    private static String messages(String phoneNumberId) {
        return "/v23.0/" + phoneNumberId + "/messages";
    }

    private void stubCloudApi() {
        cloudApi.stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.HBgLNTQyOTk0ODQzOTc1FQIAERgSMEE=\"}]}")));
        cloudApi.stubFor(post(urlEqualTo(messages(PHONE_REFUSED))).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#132001) Template name does not exist in the translation\","
                        + "\"type\":\"OAuthException\",\"code\":132001,\"fbtrace_id\":\"AbC\"}}")));
        cloudApi.stubFor(post(urlEqualTo(messages(PHONE_RATE_LIMITED))).atPriority(1).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\",\"code\":130429}}")));
        cloudApi.stubFor(post(urlEqualTo(messages(PHONE_SLOW))).atPriority(1).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1200).withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.slow\"}]}")));
        cloudApi.stubFor(post(urlEqualTo(messages(PHONE_SILENT))).atPriority(1).willReturn(aResponse().withStatus(200)
                .withFixedDelay(4000).withBody("{\"messages\":[{\"id\":\"wamid.late\"}]}")));
    }

    private void stubMediaHost() {
        Map<String, String[]> answers = new LinkedHashMap<>();
        answers.put("/photo.jpg", new String[]{"200", "image/jpeg", "120000"});
        answers.put("/video.mp4", new String[]{"200", "video/mp4", "1570024"});
        answers.put("/no-length.pdf", new String[]{"200", "application/pdf", null});
        answers.put("/huge.jpg", new String[]{"200", "image/jpeg", "5245329"});
        answers.put("/no-head.jpg", new String[]{"405", null, null});
        answers.put("/gone.jpg", new String[]{"404", null, null});
        answers.forEach((path, answer) -> {
            var response = aResponse().withStatus(Integer.parseInt(answer[0]));
            if (answer[1] != null) {
                response.withHeader("Content-Type", answer[1]);
            }
            if (answer[2] != null) {
                response.withHeader("Content-Length", answer[2]);
            }
            mediaHost.stubFor(head(urlPathMatching(path.replace(".", "\\."))).willReturn(response));
        });
    }
}
