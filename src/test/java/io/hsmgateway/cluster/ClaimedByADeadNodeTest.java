package io.hsmgateway.cluster;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.config.DatabaseConfiguration;
import io.hsmgateway.doors.jms.EmbeddedBroker;
import io.hsmgateway.doors.jms.JmsDoorConfiguration;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A process died after it claimed a request's idempotency key and before it handed the notification to the Cloud API
 * (validating, probing media, waiting for the throttle). Nothing was sent. The broker redelivers the message to
 * another process, or a REST caller retries with the key, or the node restarts and reads its drop folder again: they
 * find the key claimed by a notification that does not exist. The claim is the dead process's: it is taken over as
 * soon as that process's lease lapses (hsm.process.lease-expires-ms), and the notification is sent once. A claim of a
 * process that still renews its lease is answered SERVICE_UNAVAILABLE (nothing was sent: try again).
 * (TwoNodesTest met this for real: a JMS message B had claimed when it was killed was dead-lettered as
 * IDEMPOTENCY_CONFLICT, naming a notification that did not exist, and never sent.)
 * <p>
 * The other process is simulated exactly: its lease and its claim are written as it would have left them (the key, a
 * notification id never recorded, no answer), then the request arrives.
 */
class ClaimedByADeadNodeTest {

    private static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"5491155550001\",\"params\":{\"name\":\"Ana\"}}";

    private WireMockServer cloudApi;
    private Gateway gateway;
    private int brokerPort;

    @AfterEach
    void tearDown() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudApi != null) {
            cloudApi.stop();
        }
    }

    @Test
    void aJmsMessageWhoseClaimantIsGoneIsSentOnceAtOnce() throws Exception {
        String apiKey = start();
        claimedBy(processWhoseLeaseWasRenewed(Duration.ofSeconds(30)), "jms-key:order-1");

        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage message = session.createTextMessage(REQUEST);
            message.setStringProperty("websiteId", "shop");
            message.setStringProperty("apikey", apiKey);
            message.setStringProperty("idempotencyKey", "order-1");
            session.createProducer(session.createQueue("hsm.notifications")).send(message);
        }

        EmbeddedBroker broker = gateway.context().getRegistry().lookupByNameAndType(JmsDoorConfiguration.EMBEDDED_BROKER,
                EmbeddedBroker.class);
        // no rollback, no wait for the claim to be stale: its process's lease has lapsed
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> cloudApi.verify(1, postRequestedFor(anyUrl())));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("hsm.notifications") == 0);
        assertThat(broker.messageCount("hsm.notifications.DLQ")).as("dead letters").isZero();
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    /** Killed a moment ago (its node restarting, say): the retry waits for its lease to lapse, then sends, once. */
    @Test
    void aRestRetryMeetingAClaimOfAProcessKilledJustNowWaitsForItsLeaseThenSends() throws Exception {
        String apiKey = start();
        claimedBy(processWhoseLeaseWasRenewed(Duration.ofMillis(1500)), "order-2");

        long started = System.nanoTime();
        HttpResponse<String> retry = gateway.request("POST", "/website/shop/hsm/notifications", REQUEST, null,
                Map.of("apikey", apiKey, "Idempotency-Key", "order-2"));

        assertThat(Gateway.json(retry).get("code").asText()).as(retry.body()).isEqualTo("SUCCESS");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    /** A process that renews its lease is alive: its request may still send. Told to try again until it is gone. */
    @Test
    void aClaimOfALiveProcessIsToldToTryAgainUntilItsLeaseLapses() throws Exception {
        String apiKey = start();
        String live = processWhoseLeaseWasRenewed(Duration.ZERO);
        claimedBy(live, "order-3");
        java.util.concurrent.ScheduledExecutorService renewing = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        renewing.scheduleAtFixedRate(() -> renew(live), 200, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            HttpResponse<String> early = gateway.request("POST", "/website/shop/hsm/notifications", REQUEST, null,
                    Map.of("apikey", apiKey, "Idempotency-Key", "order-3"));
            assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
            assertThat(Gateway.json(early).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
            cloudApi.verify(0, postRequestedFor(anyUrl()));
        } finally {
            renewing.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500)).until(() ->
                Gateway.json(gateway.request("POST", "/website/shop/hsm/notifications", REQUEST, null,
                        Map.of("apikey", apiKey, "Idempotency-Key", "order-3"))).get("code").asText().equals("SUCCESS"));
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    private String start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.process.lease-renew-ms", "500");
        properties.put("hsm.process.lease-expires-ms", "3000");
        properties.put("hsm.delivery.poll-ms", "200");
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("shop", "4001", "token-shop");
        gateway.template("shop", "7", CloudApiStub.TEXT_TEMPLATE);
        return apiKey;
    }

    /** Another process's lease, as it left it: last renewed {@code ago}. */
    private String processWhoseLeaseWasRenewed(Duration ago) throws Exception {
        String processId = UUID.randomUUID().toString();
        update("INSERT INTO process_leases (process_id, started_at, renewed_at) VALUES (?, ?, ?)", processId,
                Timestamp.from(Instant.now().minus(ago)), Timestamp.from(Instant.now().minus(ago)));
        return processId;
    }

    private void renew(String processId) {
        try {
            update("UPDATE process_leases SET renewed_at = ? WHERE process_id = ?", Timestamp.from(Instant.now()), processId);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What that process left: its claim of the key, for a notification it never handed over, and no answer. */
    private void claimedBy(String processId, String key) throws Exception {
        update("INSERT INTO idempotency_keys (website_id, idempotency_key, notification_id, owner, created_at)"
                + " VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)", "shop", key, UUID.randomUUID().toString(), processId);
    }

    private void update(String sql, Object... values) throws Exception {
        DataSource database = gateway.context().getRegistry().lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class);
        try (java.sql.Connection c = database.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }
}
