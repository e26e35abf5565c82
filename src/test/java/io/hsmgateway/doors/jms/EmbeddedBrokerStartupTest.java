package io.hsmgateway.doors.jms;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import io.hsmgateway.support.StompClient;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exposing the embedded broker is the operator's decision, with credentials of their own; the credentials the
 * gateway makes up for itself never leave the process.
 */
class EmbeddedBrokerStartupTest {

    @Test
    void anAcceptorBeyondLoopbackWithoutCredentialsRefusesToStartNamingTheKey() throws Exception {
        int port = Gateway.freePort();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.embedded-acceptor", "tcp://0.0.0.0:" + port + "?protocols=CORE,AMQP,STOMP");

        assertThatThrownBy(() -> Gateway.start(properties)).satisfies(e -> assertThat(messages(e))
                .contains("hsm.jms.embedded-acceptor=tcp://0.0.0.0:" + port + " listens beyond loopback")
                .contains("set hsm.jms.username and hsm.jms.password"));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close())
                .as("nothing listens on the acceptor").isInstanceOf(IOException.class);
    }

    @Test
    void aUsernameWithoutPasswordRefusesToStartNamingTheMissingKey() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.username", "ops");

        assertThatThrownBy(() -> Gateway.start(properties))
                .satisfies(e -> assertThat(messages(e)).contains("hsm.jms.password is empty"));
    }

    @Test
    void anAcceptorBeyondLoopbackWithCredentialsStartsAndOnlyTheOperatorReadsTheQueues() throws Exception {
        int port = Gateway.freePort();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.embedded-acceptor", "tcp://0.0.0.0:" + port + "?protocols=CORE,AMQP,STOMP");
        properties.put("hsm.jms.username", "ops");
        properties.put("hsm.jms.password", "ops-secret");
        try (Gateway gateway = Gateway.start(properties);
             ActiveMQConnectionFactory operator = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port, "ops", "ops-secret");
             ActiveMQConnectionFactory anonymous = new ActiveMQConnectionFactory("tcp://127.0.0.1:" + port)) {
            try (Connection connection = operator.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThat(session.createBrowser(session.createQueue("hsm.notifications.DLQ")).getEnumeration()).isNotNull();
            }
            try (Connection connection = anonymous.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                assertThatThrownBy(() -> session.createConsumer(session.createQueue("hsm.notifications.DLQ")))
                        .isInstanceOf(JMSException.class);
            }
            try (StompClient stomp = StompClient.connect(port)) {
                assertThat(stomp.send("hsm.notifications", Map.of("websiteId", "w", "apikey", "k"), "{}"))
                        .startsWith("RECEIPT");
            }
        }
    }

    /** Made up at each start, known only to the process: no log line at any level may carry them. */
    @Test
    void theCredentialsTheGatewayMakesUpNeverReachTheLog() throws Exception {
        LogCapture log = LogCapture.everythingAtTrace();
        List<String> secrets;
        try (log; Gateway gateway = Gateway.start(Gateway.defaults())) {
            EmbeddedBroker broker = gateway.context().getRegistry()
                    .lookupByNameAndType(JmsDoorConfiguration.EMBEDDED_BROKER, EmbeddedBroker.class);
            secrets = List.of(broker.gatewayCredentials().password(), broker.replyCredentials().password());
            // the door consumes, and a reply goes out, with them
            int brokerPort = Integer.parseInt(gateway.context().resolvePropertyPlaceholders("{{hsm.jms.embedded-acceptor}}")
                    .replaceAll(".*:(\\d+).*", "$1"));
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                stomp.subscribe("r", "replies.log-check", Map.of());
                stomp.send("hsm.notifications", Map.of("websiteId", "w", "apikey", "k", "reply-to", "replies.log-check"), "{}");
                assertThat(stomp.readFrame()).startsWith("MESSAGE");
            }
        }
        assertThat(log.events()).hasSizeGreaterThan(1000);   // TRACE really was on
        assertThat(log.text()).doesNotContain(secrets.get(0)).doesNotContain(secrets.get(1));
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }
}
