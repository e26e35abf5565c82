package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.support.Signatures;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import io.hsmgateway.support.MetaWebhooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.hsmgateway.support.MetaWebhooks.failed;
import static io.hsmgateway.support.MetaWebhooks.status;
import static io.hsmgateway.support.MetaWebhooks.webhook;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WhatsApp's status webhooks against the real gateway: Meta's handshake, signed POSTs built as Meta builds them
 * (batched {@code entry[].changes[].value.statuses[]}, HMAC-SHA256 of the raw body), statuses applied to notifications
 * sent through the REST door to a Cloud API stand-in (WireMock, a fresh message id per message), on H2 and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WhatsAppWebhookContract {

    static final String APP_SECRET = Signatures.VECTOR_KEY;
    static final String VERIFY_TOKEN = "test-verify-token";
    static final String MESSAGES = "/v23.0/1/messages";
    static final String BODY = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"x\"}}";
    static final AtomicInteger WEBSITES = new AtomicInteger();
    static final ObjectMapper JSON = new ObjectMapper();
    /** a status older than this is UNMATCHED when no notification has its message id */
    static final int UNMATCHED_AFTER_SECONDS = 4;
    /** generous: the machine running the tests may be busy (a status is normally applied within milliseconds) */
    static final int AWAIT_SECONDS = 30;

    WireMockServer cloudApi;
    Gateway gateway;
    NamedParameterJdbcTemplate db;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String websiteId;
    String apiKey;

    abstract Map<String, String> database();

    @BeforeAll
    void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").globalTemplating(true));
        cloudApi.start();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.putAll(database());
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        properties.put("hsm.whatsapp.webhook.verify-token", VERIFY_TOKEN);
        properties.put("hsm.whatsapp.webhook.apply-poll-ms", "200");
        properties.put("hsm.whatsapp.webhook.unmatched-after-seconds", String.valueOf(UNMATCHED_AFTER_SECONDS));
        // the queued callbacks are what these tests look at: the callback worker is not to take them meanwhile
        properties.put("hsm.callbacks.poll-ms", "600000");
        gateway = Gateway.start(properties);
        db = new NamedParameterJdbcTemplate(gateway.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class));
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
        acceptWithFreshMessageIds();
        websiteId = "wh" + WEBSITES.incrementAndGet() + UUID.randomUUID().toString().substring(0, 6);
        apiKey = gateway.website(websiteId, "1", "t");
        gateway.template(websiteId, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
    }

    // --- the handshake

    @Test
    void handshakeEchoesTheChallengeForTheVerifyToken() throws Exception {
        HttpResponse<String> ok = handshake("subscribe", VERIFY_TOKEN, "1158201444");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("1158201444");
        assertThat(ok.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    }

    @Test
    void handshakeWithAWrongTokenOrModeIsForbidden() throws Exception {
        HttpResponse<String> wrongToken = handshake("subscribe", VERIFY_TOKEN + "x", "42");
        HttpResponse<String> wrongMode = handshake("unsubscribe", VERIFY_TOKEN, "42");
        HttpResponse<String> noToken = handshake("subscribe", null, "42");

        for (HttpResponse<String> refused : List.of(wrongToken, wrongMode, noToken)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).doesNotContain("42");
        }
    }

    // --- signatures

    @Test
    void onlyPostsSignedWithTheAppSecretAreStored() throws Exception {
        String wamid = "wamid.unsigned-" + UUID.randomUUID();
        String body = webhook(status(wamid, "delivered", now()));
        String signature = Signatures.sign(APP_SECRET, body);
        String wrong = Signatures.sign("another-secret", body);

        try (LogCapture log = LogCapture.start()) {
            List<HttpResponse<String>> refusals = List.of(
                    postWebhook(body, wrong),
                    postWebhook(body, null),
                    postWebhook(body, signature.substring("sha256=".length())),
                    postWebhook(body, "sha256=not-hex"),
                    // the right signature of another body: the body was changed on the way
                    postWebhook(body.replace("delivered", "read"), signature));
            for (HttpResponse<String> refused : refusals) {
                assertThat(refused.statusCode()).isEqualTo(401);
                assertThat(Gateway.json(refused).get("code").asText()).isEqualTo("UNAUTHORIZED");
            }
            assertThat(storedStatuses(wamid)).isZero();
            assertThat(log.text()).contains("Refused a WhatsApp webhook POST from 127.0.0.1")
                    .doesNotContain(wamid)
                    .doesNotContain(signature.substring("sha256=".length()))
                    .doesNotContain(wrong.substring("sha256=".length()));
        }

        HttpResponse<String> signed = postWebhook(body, signature);
        assertThat(signed.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(signed).get("received").asInt()).isEqualTo(1);
        assertThat(storedStatuses(wamid)).isEqualTo(1);
    }

    /** The signature is a credential: from the header only, never from the query string (any case). */
    @Test
    void aSignatureInTheQueryStringIsRefused() throws Exception {
        String wamid = "wamid.query-" + UUID.randomUUID();
        String body = webhook(status(wamid, "delivered", now()));
        String signature = URLEncoder.encode(Signatures.sign(APP_SECRET, body), StandardCharsets.UTF_8);

        for (String name : List.of("X-Hub-Signature-256", "x-hub-signature-256")) {
            HttpResponse<String> refused = http.send(HttpRequest.newBuilder(
                            URI.create(gateway.url(WhatsAppWebhook.PATH + "?" + name + "=" + signature)))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(Gateway.json(refused).get("code").asText()).isEqualTo("INVALID_BODY");
        }
        assertThat(storedStatuses(wamid)).isZero();
    }

    /** OpenSSL's vector, pasted: with any algorithm but HMAC-SHA256 in the gateway this body is refused. */
    @Test
    void aBodySignedOutsideJavaIsAccepted() throws Exception {
        assertThat(APP_SECRET).isEqualTo(Signatures.VECTOR_KEY);

        HttpResponse<String> signed = postWebhook(Signatures.VECTOR_BODY, Signatures.VECTOR_SIGNATURE);

        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(Gateway.json(signed).get("received").asInt()).isEqualTo(1);
    }

    @Test
    void aSignedBodyThatIsNotJsonIsInvalid() throws Exception {
        HttpResponse<String> response = postWebhook("not json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
    }

    // --- applying statuses

    @Test
    void aBatchUpdatesEachNotificationAndCountsWhatItDoesNotKnow() throws Exception {
        Sent first = send();
        Sent second = send();
        String unknown = "wamid.unknown-" + UUID.randomUUID();
        long t = now();
        double appliedBefore = count("delivered", StatusCounts.APPLIED);

        HttpResponse<String> response = postWebhook(webhook(
                status(first.wamid, "sent", t), status(second.wamid, "sent", t),
                status(first.wamid, "delivered", t + 1), status(second.wamid, "delivered", t + 2),
                status(second.wamid, "read", t + 5), status(unknown, "delivered", t + 1)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response).get("received").asInt()).isEqualTo(6);
        awaitStatus(first.id, "DELIVERED");
        awaitStatus(second.id, "READ");
        JsonNode caller = callerView(second.id);
        assertThat(caller.at("/result/status").asText()).isEqualTo("READ");
        assertThat(statuses(caller.at("/result/history"))).containsExactly("SENT", "DELIVERED", "READ");
        assertThat(caller.at("/result/history/2/at").asText()).isEqualTo(Instant.ofEpochSecond(t + 5).toString());
        assertThat(caller.at("/result/history/2/code").isNull()).isTrue();
        assertThat(statuses(adminView(first.id).at("/history"))).containsExactly("SENT", "DELIVERED");
        assertThat(count("delivered", StatusCounts.APPLIED) - appliedBefore).isGreaterThanOrEqualTo(2);
        // the unknown one waits for its message id, in case its notification is not recorded yet
        assertThat(state(unknown, "delivered")).isEqualTo("RECEIVED");
    }

    @Test
    void aLateDeliveredNeverOverwritesRead() throws Exception {
        Sent sent = send();
        long t = now();

        postWebhook(webhook(status(sent.wamid, "read", t + 3)));
        awaitStatus(sent.id, "READ");
        postWebhook(webhook(status(sent.wamid, "delivered", t + 1)));
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(sent.wamid, "delivered")));

        JsonNode view = adminView(sent.id);
        assertThat(view.get("status").asText()).isEqualTo("READ");
        assertThat(statuses(view.get("history"))).containsExactly("DELIVERED", "READ");
    }

    /**
     * Read while its statuses are applied, a notification's status is always the last of the history it shows: the
     * two are read in one statement (read apart, a READ applied between them showed READ's history under DELIVERED).
     * Readers keep reading the notification whose statuses are being applied, through both status endpoints.
     */
    @Test
    void aStatusIsShownWithTheHistoryItCameFromWhileStatusesAreApplied() throws Exception {
        AtomicReference<Sent> applyingTo = new AtomicReference<>(send());
        AtomicBoolean applying = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> inconsistent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> reading = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            boolean admin = r % 2 == 0;
            reading.add(readers.submit(() -> {
                while (applying.get()) {
                    String id = applyingTo.get().id;
                    JsonNode view = admin ? adminView(id) : callerView(id).get("result");
                    List<String> history = statuses(view.get("history"));
                    String last = history.isEmpty() ? "SENT" : history.get(history.size() - 1);
                    if (!view.get("status").asText().equals(last)) {
                        inconsistent.add(view.get("status").asText() + " over " + history);
                    }
                    reads.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (int i = 0; i < 15; i++) {
                Sent one = i == 0 ? applyingTo.get() : send();
                applyingTo.set(one);
                long t = now();
                for (String status : List.of("sent", "delivered", "read")) {
                    postWebhook(webhook(status(one.wamid, status, t)));
                    await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(one.wamid, status)));
                }
            }
        } finally {
            applying.set(false);
            for (Future<?> reader : reading) {
                reader.get(AWAIT_SECONDS, TimeUnit.SECONDS);
            }
            readers.shutdown();
        }
        assertThat(reads.get()).isGreaterThan(100);
        assertThat(inconsistent).isEmpty();
    }

    @Test
    void aFormIsRefusedAndNothingStored() throws Exception {
        String wamid = "wamid.form-" + UUID.randomUUID();
        String form = "id=" + wamid + "&status=read";
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(gateway.url(WhatsAppWebhook.PATH)))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Hub-Signature-256", Signatures.sign(APP_SECRET, form))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(Gateway.json(response).get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(storedStatuses(wamid)).isZero();
    }

    @Test
    void statusesItCannotApplyAreCountedAndTheRestStored() throws Exception {
        Sent sent = send();
        double ignoredBefore = count(StatusCounts.OTHER, StatusCounts.IGNORED);
        String noTimestamp = "{\"id\":\"" + sent.wamid + "\",\"status\":\"read\",\"recipient_id\":\"542994843975\"}";
        String otherKind = status(sent.wamid, "deleted", now());

        HttpResponse<String> response = postWebhook(webhook(noTimestamp, status(sent.wamid, "delivered", now()), otherKind));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response).get("received").asInt()).isEqualTo(1);
        assertThat(count(StatusCounts.OTHER, StatusCounts.IGNORED) - ignoredBefore).isEqualTo(2);
        awaitStatus(sent.id, "DELIVERED");
        assertThat(statuses(adminView(sent.id).get("history"))).containsExactly("DELIVERED");
    }

    /** The reported attack: timestamp 31556889864403199 was stored as the year -169108098. */
    @Test
    void statusesWithATimeWhatsAppCannotHaveSentAreRefusedAndCounted() throws Exception {
        Sent sent = send();
        double refusedBefore = count("read", StatusCounts.OUT_OF_RANGE);
        long dayAndAHourAhead = now() + 25 * 3600;
        String body = webhook(status(sent.wamid, "read", 31556889864403199L), status(sent.wamid, "read", 0),
                status(sent.wamid, "read", -1), status(sent.wamid, "read", dayAndAHourAhead),
                status(sent.wamid, "delivered", now()));

        HttpResponse<String> response = postWebhook(body);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(response).get("received").asInt()).isEqualTo(1);
        assertThat(count("read", StatusCounts.OUT_OF_RANGE) - refusedBefore).isEqualTo(4);
        awaitStatus(sent.id, "DELIVERED");
        assertThat(statuses(adminView(sent.id).get("history"))).containsExactly("DELIVERED");
        assertThat(storedStatuses(sent.wamid)).isEqualTo(1);
    }

    @Test
    void aRepeatedWebhookChangesNothing() throws Exception {
        setCallbackUrl(websiteId, "https://shop.example/hsm-status");
        Sent sent = send();
        String body = webhook(status(sent.wamid, "sent", now()), status(sent.wamid, "delivered", now() + 1));
        double duplicatesBefore = count("delivered", StatusCounts.DUPLICATE);

        assertThat(Gateway.json(postWebhook(body)).get("received").asInt()).isEqualTo(2);
        awaitStatus(sent.id, "DELIVERED");
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(sent.wamid, "sent")));
        HttpResponse<String> again = postWebhook(body);

        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(again).get("received").asInt()).isZero();
        assertThat(count("delivered", StatusCounts.DUPLICATE) - duplicatesBefore).isEqualTo(1);
        assertThat(statuses(adminView(sent.id).get("history"))).containsExactly("SENT", "DELIVERED");
        // the `sent` status changed nothing (the notification was SENT already): one callback, for DELIVERED
        assertThat(callbacks(sent.id)).hasSize(1);
    }

    @Test
    void aFailedStatusMakesAReplayableDeadLetterWithWhatsAppsCode() throws Exception {
        Sent sent = send();
        cloudApi.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));

        postWebhook(webhook(failed(sent.wamid, now(), 131026, "Message undeliverable",
                "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.")));
        awaitStatus(sent.id, "FAILED");

        JsonNode view = adminView(sent.id);
        assertThat(view.get("code").asText()).isEqualTo("131026");
        assertThat(view.at("/history/0/status").asText()).isEqualTo("FAILED");
        assertThat(view.at("/history/0/code").asText()).isEqualTo("131026");
        assertThat(view.at("/history/0/title").asText()).isEqualTo("Message undeliverable");
        assertThat(view.at("/history/0/details").asText()).startsWith("Unable to deliver message.");
        JsonNode deadLetters = Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + websiteId, null));
        assertThat(deadLetters).hasSize(1);
        JsonNode deadLetter = deadLetters.get(0);
        assertThat(deadLetter.get("notificationId").asText()).isEqualTo(sent.id);
        assertThat(deadLetter.get("errorCode").asText()).isEqualTo("131026");
        assertThat(deadLetter.get("lastError").asText()).startsWith("Message undeliverable: Unable to deliver message.");

        HttpResponse<String> replay = gateway.admin("POST", "/admin/dead-letters/" + deadLetter.get("id").asText() + "/replay", null);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(replay).at("/response/code").asText()).isEqualTo("SUCCESS");
        cloudApi.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
        // a delivered after the failure does not change it
        postWebhook(webhook(status(sent.wamid, "delivered", now() + 1)));
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(sent.wamid, "delivered")));
        assertThat(adminView(sent.id).get("status").asText()).isEqualTo("FAILED");
    }

    @Test
    void aFailedStatusNeverOverridesDeliveredAndMakesNoDeadLetter() throws Exception {
        Sent sent = send();
        postWebhook(webhook(status(sent.wamid, "delivered", now())));
        awaitStatus(sent.id, "DELIVERED");

        postWebhook(webhook(failed(sent.wamid, now() + 1, 131026, "Message undeliverable", "x")));
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(sent.wamid, "failed")));

        assertThat(adminView(sent.id).get("status").asText()).isEqualTo("DELIVERED");
        assertThat(Gateway.json(gateway.admin("GET", "/admin/dead-letters?websiteId=" + websiteId, null))).isEmpty();
    }

    @Test
    void aStatusThatArrivesBeforeItsMessageIdIsRecordedIsAppliedOnceItIs() throws Exception {
        String wamid = "wamid.early-" + UUID.randomUUID();
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"" + wamid + "\"}]}")));

        assertThat(Gateway.json(postWebhook(webhook(status(wamid, "delivered", now())))).get("received").asInt()).isEqualTo(1);
        assertThat(state(wamid, "delivered")).isEqualTo("RECEIVED");
        Sent sent = send();

        assertThat(sent.wamid).isEqualTo(wamid);
        awaitStatus(sent.id, "DELIVERED");
        assertThat(state(wamid, "delivered")).isEqualTo("APPLIED");
    }

    @Test
    void aStatusNoNotificationClaimsInTimeIsSetAsideAsUnmatched() throws Exception {
        String unknown = "wamid.never-" + UUID.randomUUID();
        double unknownBefore = count("read", StatusCounts.UNKNOWN);

        postWebhook(webhook(status(unknown, "read", now())));

        await().atMost(Duration.ofSeconds(UNMATCHED_AFTER_SECONDS + AWAIT_SECONDS)).until(() -> "UNMATCHED".equals(state(unknown, "read")));
        assertThat(count("read", StatusCounts.UNKNOWN) - unknownBefore).isEqualTo(1);
    }

    @Test
    void aCallbackIsQueuedOnlyForWebsitesWithACallbackUrl() throws Exception {
        Sent without = send();
        String otherWebsite = websiteId + "cb";
        String otherKey = gateway.website(otherWebsite, "1", "t");
        gateway.template(otherWebsite, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        setCallbackUrl(otherWebsite, "https://shop.example/hsm-status");
        Sent with = send(otherWebsite, otherKey);
        long t = now();

        postWebhook(webhook(status(without.wamid, "delivered", t), status(with.wamid, "delivered", t),
                status(with.wamid, "read", t + 1)));
        awaitStatus(without.id, "DELIVERED");
        awaitStatus(with.id, "READ");
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> "APPLIED".equals(state(with.wamid, "delivered")));

        assertThat(callbacks(without.id)).isEmpty();
        List<Map<String, Object>> queued = callbacks(with.id);
        assertThat(queued).hasSize(2);
        List<String> reported = new ArrayList<>();
        for (Map<String, Object> callback : queued) {
            assertThat(callback.get("state")).isEqualTo("DUE");
            assertThat(callback.get("website_id")).isEqualTo(otherWebsite);
            JsonNode payload = JSON.readTree((String) callback.get("payload"));
            assertThat(payload.get("event").asText()).isEqualTo("notification.status");
            assertThat(payload.get("callbackId").asText()).isEqualTo(callback.get("id"));
            assertThat(payload.get("notificationId").asText()).isEqualTo(with.id);
            assertThat(payload.get("websiteId").asText()).isEqualTo(otherWebsite);
            assertThat(payload.get("providerMessageId").asText()).isEqualTo(with.wamid);
            assertThat(payload.get("destination").asText()).isEqualTo("542994843975");
            assertThat(payload.get("templateId").asText()).isEqualTo("7");
            assertThat(payload.get("error").isNull()).isTrue();
            reported.add(payload.get("status").asText() + "@" + payload.get("at").asText());
        }
        // applied in either order, each change is reported with WhatsApp's time
        assertThat(reported).containsExactlyInAnyOrder("DELIVERED@" + Instant.ofEpochSecond(t),
                "READ@" + Instant.ofEpochSecond(t + 1));
    }

    @Test
    void aFailedCallbackCarriesWhatsAppsError() throws Exception {
        setCallbackUrl(websiteId, "https://shop.example/hsm-status");
        Sent sent = send();

        postWebhook(webhook(failed(sent.wamid, now(), 131047, "Re-engagement message", "More than 24 hours have passed")));
        awaitStatus(sent.id, "FAILED");

        List<Map<String, Object>> queued = callbacks(sent.id);
        assertThat(queued).hasSize(1);
        JsonNode payload = JSON.readTree((String) queued.get(0).get("payload"));
        assertThat(payload.get("status").asText()).isEqualTo("FAILED");
        assertThat(payload.at("/error/code").asText()).isEqualTo("131047");
        assertThat(payload.at("/error/title").asText()).isEqualTo("Re-engagement message");
        assertThat(payload.at("/error/details").asText()).isEqualTo("More than 24 hours have passed");
    }

    @Test
    void twoAppliersNeverApplyOneStatusTwice() throws Exception {
        StatusApplier applier = gateway.context().getRegistry().lookupByNameAndType(StatusApplier.BEAN_NAME, StatusApplier.class);
        setCallbackUrl(websiteId, "https://shop.example/hsm-status");
        // earlier tests' statuses are all applied: what is counted from here on is these
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> db.queryForObject("SELECT COUNT(*) FROM delivery_statuses d "
                + "WHERE d.state = 'RECEIVED' AND d.status IN ('delivered', 'read') AND EXISTS "
                + "(SELECT 1 FROM notifications n WHERE n.provider_message_id = d.provider_message_id)",
                Map.of(), Integer.class) == 0);
        double appliedBefore = count("delivered", StatusCounts.APPLIED) + count("read", StatusCounts.APPLIED);
        List<String> ids = new ArrayList<>();
        List<String> notifications = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String notificationId = UUID.randomUUID().toString();
            String wamid = "wamid.race-" + UUID.randomUUID();
            notifications.add(notificationId);
            insertSentNotification(notificationId, wamid);
            for (String status : List.of("delivered", "read")) {
                ids.add(insertReceivedStatus(wamid, status, Instant.now()));
            }
        }

        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService appliers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> applied = new ArrayList<>();
            for (int n = 0; n < 2; n++) {
                applied.add(appliers.submit(() -> {
                    start.await();
                    int mine = 0;
                    for (String id : ids) {
                        if (applier.apply(id) == StatusApplier.Result.APPLIED) {
                            mine++;
                        }
                    }
                    return mine;
                }));
            }
            int byTheseTwo = applied.get(0).get() + applied.get(1).get();
            assertThat(byTheseTwo).isLessThanOrEqualTo(ids.size());
        } finally {
            appliers.shutdownNow();
        }

        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> db.queryForObject(
                "SELECT COUNT(*) FROM delivery_statuses WHERE id IN (:ids) AND state = 'APPLIED'", Map.of("ids", ids), Integer.class) == ids.size());
        // every apply is counted: these two and the node's own poll together applied each status exactly once
        double appliedAfter = count("delivered", StatusCounts.APPLIED) + count("read", StatusCounts.APPLIED);
        assertThat(appliedAfter - appliedBefore).isEqualTo(ids.size());
        for (String notificationId : notifications) {
            assertThat(adminView(notificationId).get("status").asText()).isEqualTo("READ");
            // one callback per change: DELIVERED then READ, or READ alone when read was applied first
            List<String> reported = callbacks(notificationId).stream()
                    .map(c -> c.get("payload").toString().replaceAll(".*\"status\":\"(\\w+)\".*", "$1")).sorted().toList();
            assertThat(reported).isIn(List.of("DELIVERED", "READ"), List.of("READ"));
        }
    }

    /** Meta batches up to 1,000 updates in one POST: the largest batch Meta documents, in its fullest shape. */
    static final int META_LARGEST_BATCH = 1000;

    @Test
    void aThousandStatusBatchIsTakenWholeStoredAtOnceAndApplied() throws Exception {
        String tag = "k" + UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        long t = now();
        for (int i = 0; i < META_LARGEST_BATCH; i++) {
            String id = UUID.randomUUID().toString();
            String wamid = MetaWebhooks.wamid(tag, i);
            insertSentNotification(id, wamid);
            ids.add(id);
            statuses.add(MetaWebhooks.fullStatus(wamid, "delivered", t, id));
        }
        String body = webhook(statuses.toArray(String[]::new));
        assertThat(body.length()).as("far over hsm.request.max-bytes").isGreaterThan(4 * 65536);

        long started = System.nanoTime();
        HttpResponse<String> response = postWebhook(body);
        long answeredMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Gateway.json(response).get("received").asInt()).isEqualTo(META_LARGEST_BATCH);
        System.out.printf("A %d-status webhook of %d bytes answered in %d ms%n", META_LARGEST_BATCH, body.length(), answeredMs);
        // Meta wants an answer within seconds; stored in one transaction, it takes a fraction of one
        assertThat(answeredMs).isLessThan(3000);
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).until(() -> db.queryForObject(
                "SELECT COUNT(*) FROM notifications WHERE status = 'DELIVERED' AND id IN (:ids)",
                Map.of("ids", ids), Integer.class) == META_LARGEST_BATCH);
        assertThat(db.queryForObject("SELECT COUNT(*) FROM delivery_statuses WHERE state = 'APPLIED' AND notification_id IN (:ids)",
                Map.of("ids", ids), Integer.class)).isEqualTo(META_LARGEST_BATCH);

        // Meta sends it again (it does, when an answer is lost): all known, nothing stored twice
        started = System.nanoTime();
        HttpResponse<String> again = postWebhook(body);
        System.out.printf("The same webhook again (all %d known) answered in %d ms%n", META_LARGEST_BATCH,
                (System.nanoTime() - started) / 1_000_000);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(Gateway.json(again).get("received").asInt()).as("stored now").isZero();
        assertThat(db.queryForObject("SELECT COUNT(*) FROM delivery_statuses WHERE provider_message_id LIKE :tag",
                Map.of("tag", "wamid." + tag + "-%"), Integer.class)).isEqualTo(META_LARGEST_BATCH);
    }

    @Test
    void anUnsignedBatchOverTheRequestLimitIsRefusedBeforeItIsParsed() throws Exception {
        String wamid = MetaWebhooks.wamid("unsigned-big", 0);
        List<String> statuses = new ArrayList<>();
        for (int i = 0; i < META_LARGEST_BATCH; i++) {
            statuses.add(MetaWebhooks.fullStatus(i == 0 ? wamid : MetaWebhooks.wamid("unsigned-big", i), "sent", now(), "x"));
        }
        String body = webhook(statuses.toArray(String[]::new));

        HttpResponse<String> unsigned = postWebhook(body, null);
        HttpResponse<String> wrong = postWebhook(body, Signatures.sign("another-secret", body));
        // not JSON at all: a 401, not a 400, so the signature was checked before anything was parsed
        HttpResponse<String> garbage = postWebhook("x".repeat(300_000), null);

        for (HttpResponse<String> refused : List.of(unsigned, wrong, garbage)) {
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(Gateway.json(refused).get("code").asText()).isEqualTo("UNAUTHORIZED");
        }
        assertThat(storedStatuses(wamid)).isZero();
    }

    @Test
    void aBatchOverTheWebhookLimitIsRefusedWholeAndNothingIsStored() throws Exception {
        long limit = Long.parseLong(gateway.context().resolvePropertyPlaceholders("{{hsm.whatsapp.webhook.max-bytes}}"));
        String wamid = "wamid.big-" + UUID.randomUUID();
        List<String> statuses = new ArrayList<>();
        statuses.add(status(wamid, "delivered", now()));
        String filler = status("wamid.other-" + UUID.randomUUID(), "sent", now());
        for (long size = filler.length(); size <= limit; size += filler.length() + 1) {
            statuses.add(filler);
        }
        String body = webhook(statuses.toArray(String[]::new));

        HttpResponse<String> response = postWebhook(body);

        assertThat(response.statusCode()).isEqualTo(413);
        JsonNode envelope = Gateway.json(response);
        assertThat(envelope.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(envelope.at("/result/maxBytes").asLong()).isEqualTo(limit);
        assertThat(storedStatuses(wamid)).isZero();
    }

    // --- helpers

    record Sent(String id, String wamid) {
    }

    /** The Cloud API stand-in gives every message an id of its own, as WhatsApp does. */
    void acceptWithFreshMessageIds() {
        cloudApi.stubFor(post(urlEqualTo(MESSAGES)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messages\":[{\"id\":\"wamid.{{randomValue length=32 type='ALPHANUMERIC'}}\"}]}")));
    }

    Sent send() throws Exception {
        return send(websiteId, apiKey);
    }

    Sent send(String website, String key) throws Exception {
        HttpResponse<String> response = gateway.notify(website, key, BODY);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = Gateway.json(response).get("notificationId").asText();
        return new Sent(id, adminView(id).get("providerMessageId").asText());
    }

    JsonNode adminView(String notificationId) throws Exception {
        HttpResponse<String> response = gateway.admin("GET", "/admin/notifications/" + notificationId, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Gateway.json(response);
    }

    JsonNode callerView(String notificationId) throws Exception {
        HttpResponse<String> response = gateway.request("GET", "/website/" + websiteId + "/hsm/notifications/" + notificationId,
                null, null, Map.of("apikey", apiKey));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Gateway.json(response);
    }

    void awaitStatus(String notificationId, String status) {
        await().atMost(Duration.ofSeconds(AWAIT_SECONDS)).untilAsserted(() ->
                assertThat(adminView(notificationId).get("status").asText()).isEqualTo(status));
    }

    static List<String> statuses(JsonNode history) {
        List<String> statuses = new ArrayList<>();
        history.forEach(entry -> statuses.add(entry.get("status").asText()));
        return statuses;
    }

    HttpResponse<String> handshake(String mode, String token, String challenge) throws Exception {
        StringBuilder query = new StringBuilder("?hub.challenge=" + challenge);
        if (mode != null) {
            query.append("&hub.mode=").append(URLEncoder.encode(mode, StandardCharsets.UTF_8));
        }
        if (token != null) {
            query.append("&hub.verify_token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        }
        return gateway.request("GET", WhatsAppWebhook.PATH + query, null, null);
    }

    HttpResponse<String> postWebhook(String body) throws Exception {
        return postWebhook(body, Signatures.sign(APP_SECRET, body));
    }

    HttpResponse<String> postWebhook(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url(WhatsAppWebhook.PATH)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Hub-Signature-256", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static long now() {
        return Instant.now().getEpochSecond();
    }

    int storedStatuses(String wamid) {
        return db.queryForObject("SELECT COUNT(*) FROM delivery_statuses WHERE provider_message_id = :wamid",
                Map.of("wamid", wamid), Integer.class);
    }

    String state(String wamid, String status) {
        List<String> states = db.queryForList("SELECT state FROM delivery_statuses WHERE provider_message_id = :wamid AND status = :status",
                Map.of("wamid", wamid, "status", status), String.class);
        return states.isEmpty() ? null : states.get(0);
    }

    List<Map<String, Object>> callbacks(String notificationId) {
        return db.queryForList("SELECT id, website_id, payload, state FROM status_callbacks WHERE notification_id = :id",
                Map.of("id", notificationId));
    }

    void setCallbackUrl(String website, String url) {
        db.update("UPDATE websites SET callback_url = :url WHERE id = :id", Map.of("url", url, "id", website));
    }

    void insertSentNotification(String id, String wamid) {
        db.update("INSERT INTO notifications (id, website_id, template_id, destination, channel, status, code, provider_message_id, "
                + "created_at, updated_at) VALUES (:id, :website, '7', '542994843975', 'rest', 'SENT', 'SUCCESS', :wamid, "
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", Map.of("id", id, "website", websiteId, "wamid", wamid));
    }

    String insertReceivedStatus(String wamid, String status, Instant at) {
        String id = UUID.randomUUID().toString();
        Map<String, Object> row = new HashMap<>();
        row.put("id", id);
        row.put("wamid", wamid);
        row.put("status", status);
        row.put("at", Timestamp.from(at));
        db.update("INSERT INTO delivery_statuses (id, provider_message_id, status, status_at, state, attempts, received_at) "
                + "VALUES (:id, :wamid, :status, :at, 'RECEIVED', 0, CURRENT_TIMESTAMP)", row);
        return id;
    }

    /** What {@link StatusCounts} counted so far, where it counts. */
    double count(String status, String result) {
        MeterRegistry registry = gateway.context().getRegistry().findSingleByType(MeterRegistry.class);
        Counter counter = registry.find(GatewayMeters.WHATSAPP_STATUSES)
                .tag("status", status).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }
}
