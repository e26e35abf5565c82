package io.hsmgateway.doors.jms;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The JMS door's health: UP while its listener holds a connection to the broker, DOWN with the broker's error while
 * it has lost it and reconnects (readiness follows, liveness does not), UP again once it is back.
 */
class JmsDoorHealthTest {

    static final String CHECK = BrokerConnectionHealthCheck.ID;
    static final String PASSWORD = "ops-S3cret-77a1";
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void theEmbeddedBrokerIsUp() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        try (Gateway gateway = Gateway.start(properties)) {
            Health health = Health.of(properties);
            await().atMost(WAIT).until(() -> health.status(Health.ALL) == 200);
            assertThat(health.state(CHECK)).isEqualTo("UP");
            assertThat(health.state("consumer:door-jms")).isEqualTo("UP");
        }
    }

    @Test
    void anExternalBrokerThatGoesAwayIsDownWithItsErrorUntilItIsBack(@TempDir Path data) throws Exception {
        int port = Gateway.freePort();
        EmbeddedBroker external = new EmbeddedBroker(new JmsDoorSettings(true, "", "ops", PASSWORD, "hsm.notifications",
                "hsm.notifications.DLQ", "tcp://127.0.0.1:" + port + "?protocols=CORE", data, 5, 65536));
        external.start();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.broker-url", "tcp://127.0.0.1:" + port);
        properties.put("hsm.jms.username", "ops");
        properties.put("hsm.jms.password", PASSWORD);
        try (Gateway gateway = Gateway.start(properties)) {
            Health health = Health.of(properties);
            await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));

            external.stop();
            // DOWN at once; then, once a reconnection attempt has failed, Artemis's words for why
            await().atMost(WAIT).until(() -> health.state(CHECK).equals("DOWN"));
            await().atMost(WAIT).until(() -> health.reason(CHECK).contains("AMQ219007: Cannot connect to server(s)"));
            assertThat(health.state(CHECK)).isEqualTo("DOWN");
            assertThat(health.reason(CHECK)).startsWith("JMS door door-jms-source lost the broker and is reconnecting: ");
            assertThat(health.state("route:door-jms")).as("the route itself runs on").isEqualTo("UP");
            assertThat(health.status(Health.ALL)).isEqualTo(503);
            assertThat(health.status(Health.READY)).isEqualTo(503);
            assertThat(health.status(Health.LIVE)).isEqualTo(200);
            assertThat(health.get(Health.EVERYTHING).body()).doesNotContain(PASSWORD);

            external.start();
            await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
            await().atMost(WAIT).until(() -> health.status(Health.READY) == 200);
        } finally {
            external.stop();
        }
    }

    @Test
    void anExternalBrokerThatIsDownAtStartUpStopsTheStartUp() throws Exception {
        // unchanged by health: the door asks the broker for its node id at start-up (README, Known limits)
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.broker-url", "tcp://127.0.0.1:" + Gateway.freePort());
        assertThatThrownBy(() -> Gateway.start(properties)).hasStackTraceContaining("Cannot read the broker's node id");
    }
}
