package io.hsmgateway.doors.jms;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** hsm.jms.broker-url (an external broker, no embedded one) and hsm.jms.enabled=false. */
class JmsBrokerModesTest {

    @Test
    void externalBrokerIsUsedNoneIsEmbeddedAndItsOutageIsRiddenOut(@TempDir Path data) throws Exception {
        int port = Gateway.freePort();
        // another gateway's embedded broker stands in for an external one: the gateway consumes as its user
        EmbeddedBroker external = new EmbeddedBroker(new JmsDoorSettings(true, "", "ops", "ops-secret", "hsm.notifications",
                "hsm.notifications.DLQ", "tcp://127.0.0.1:" + port + "?protocols=CORE", data, 5, 65536));
        WireMockServer cloudApi = new WireMockServer(options().dynamicPort());
        cloudApi.start();
        cloudApi.stubFor(post(urlEqualTo("/v23.0/3001/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.EXT\"}]}")));
        external.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", "http://127.0.0.1:" + cloudApi.port());
        // the URL's own consumer window is kept (the gateway sets one only where the URL does not)
        properties.put("hsm.jms.broker-url", "tcp://127.0.0.1:" + port + "?consumerWindowSize=32768");
        properties.put("hsm.jms.username", "ops");
        properties.put("hsm.jms.password", "ops-secret");
        try (Gateway gateway = Gateway.start(properties);
             ActiveMQConnectionFactory producers = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port)) {
            assertThat(gateway.context().getRegistry().lookupByName(JmsDoorConfiguration.EMBEDDED_BROKER)).isNull();
            assertThat(gateway.context().getRegistry().lookupByNameAndType(JmsDoorConfiguration.CONNECTION_FACTORY,
                    ActiveMQConnectionFactory.class).getConsumerWindowSize()).isEqualTo(32768);
            String apiKey = gateway.website("ext", "3001", "token-ext");
            gateway.template("ext", "hello",
                    "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
            try (Connection connection = producers.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage message = session.createTextMessage(
                        "{\"templateId\":\"hello\",\"destination\":\"+5491155550003\",\"params\":{\"name\":\"Ana\"}}");
                message.setStringProperty("websiteId", "ext");
                message.setStringProperty("apikey", apiKey);
                session.createProducer(session.createQueue("hsm.notifications")).send(message);
            }
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    cloudApi.verify(1, postRequestedFor(urlEqualTo("/v23.0/3001/messages"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> external.messageCount("hsm.notifications") == 0);
            assertThat(external.messageCount("hsm.notifications.DLQ")).isZero();

            // the broker goes away for a while and comes back: the door reconnects, nothing is lost
            external.stop();
            external.start();
            try (Connection connection = producers.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                TextMessage message = session.createTextMessage(
                        "{\"templateId\":\"hello\",\"destination\":\"+5491155550004\",\"params\":{\"name\":\"Bo\"}}");
                message.setStringProperty("websiteId", "ext");
                message.setStringProperty("apikey", apiKey);
                session.createProducer(session.createQueue("hsm.notifications")).send(message);
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    cloudApi.verify(2, postRequestedFor(urlEqualTo("/v23.0/3001/messages"))));
            await().atMost(Duration.ofSeconds(10)).until(() -> external.messageCount("hsm.notifications") == 0);
        } finally {
            external.stop();
            cloudApi.stop();
        }
    }

    @Test
    void disabledDoorStartsNoBrokerAndBuildsNoRouteNorHealthCheck() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.enabled", "false");
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(gateway.context().getRegistry().lookupByName(JmsDoorConfiguration.EMBEDDED_BROKER)).isNull();
            // precondition: "{{hsm.jms.enabled}}": the door's routes are not built (no longer built and left stopped)
            for (String route : new String[] {"door-jms", "door-jms-source", "door-jms-dead-letters",
                    "door-jms-dead-letters-source", JmsReplies.ROUTE_ID}) {
                assertThat(gateway.context().getRoute(route)).as(route).isNull();
                assertThat(gateway.context().getRouteController().getRouteStatus(route)).as(route).isNull();
            }
            Health health = Health.of(properties);
            await().atMost(Duration.ofSeconds(30)).until(() -> health.status(Health.ALL) == 200);
            assertThat(health.checks(Health.ALL)).extracting(check -> check.path("name").asText())
                    .isNotEmpty().noneMatch(name -> name.contains("jms"));
        }
    }
}
