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
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node died after it claimed a JMS message's idempotency key and before it recorded the notification (in the
 * pipeline between notify-deduplicate and the PENDING record: validation, the template, the media probe, which may
 * take up to hsm.media.probe-timeout-ms). Nothing was sent. The broker redelivers the message to another node at
 * once, long before the claim is stale (hsm.delivery.stale-after-seconds), so that node finds the key claimed by a
 * notification that does not exist. It must not give the message up: it is answered SERVICE_UNAVAILABLE (nothing
 * was sent under the key: try again), so the door rolls back and the broker redelivers it later; once the claim is
 * stale it is taken over and the message is sent once. A REST caller retrying with the key is told the same.
 * (TwoNodesTest met this for real: a JMS message B had claimed when it was killed was dead-lettered as
 * IDEMPOTENCY_CONFLICT, naming a notification that did not exist, and never sent.)
 * <p>
 * The dead node is simulated exactly: its claim is written as it would have left it (the key, a notification id
 * never recorded, no answer), then the message arrives.
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
    void aJmsMessageWhoseClaimantDiedBeforeRecordingIsSentOnceTheClaimIsStale() throws Exception {
        String apiKey = start();
        claimedByADeadNode("jms-key:order-1");

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
        // rolled back and redelivered (1 s, 2 s, ...) until the claim is stale and taken over: then sent, once
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                cloudApi.verify(1, postRequestedFor(anyUrl())));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount("hsm.notifications") == 0);
        assertThat(broker.messageCount("hsm.notifications.DLQ")).as("dead letters").isZero();
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    @Test
    void aRestRetryMeetingTheDeadNodesClaimIsToldToTryAgainAndThenSent() throws Exception {
        String apiKey = start();
        claimedByADeadNode("order-2");

        HttpResponse<String> early = gateway.request("POST", "/website/shop/hsm/notifications", REQUEST, null,
                Map.of("apikey", apiKey, "Idempotency-Key", "order-2"));
        assertThat(early.statusCode()).as(early.body()).isEqualTo(503);
        assertThat(Gateway.json(early).get("code").asText()).isEqualTo("SERVICE_UNAVAILABLE");
        cloudApi.verify(0, postRequestedFor(anyUrl()));

        // once the claim is stale (hsm.delivery.stale-after-seconds), the same key is taken over and sent
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                Gateway.json(gateway.request("POST", "/website/shop/hsm/notifications", REQUEST, null,
                        Map.of("apikey", apiKey, "Idempotency-Key", "order-2"))).get("code").asText().equals("SUCCESS"));
        cloudApi.verify(1, postRequestedFor(anyUrl()));
    }

    private String start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.delivery.stale-after-seconds", "2");
        properties.put("hsm.delivery.poll-ms", "200");
        brokerPort = Integer.parseInt(properties.get("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        gateway = Gateway.start(properties);
        String apiKey = gateway.website("shop", "4001", "token-shop");
        gateway.template("shop", "7", CloudApiStub.TEXT_TEMPLATE);
        return apiKey;
    }

    /** What the dead node left: its claim of the key, for a notification it never recorded, and no answer. */
    private void claimedByADeadNode(String key) throws Exception {
        DataSource database = gateway.context().getRegistry().lookupByNameAndType(DatabaseConfiguration.DATA_SOURCE, DataSource.class);
        try (java.sql.Connection c = database.getConnection();
             PreparedStatement claim = c.prepareStatement("INSERT INTO idempotency_keys (website_id, idempotency_key,"
                     + " notification_id, created_at) VALUES (?, ?, ?, CURRENT_TIMESTAMP)")) {
            claim.setString(1, "shop");
            claim.setString(2, key);
            claim.setString(3, UUID.randomUUID().toString());
            claim.executeUpdate();
        }
    }
}
