package io.hsmgateway.doors.kafka;

import io.hsmgateway.support.EmbeddedKafka;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.Health;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka door's health: DOWN with the reason while its brokers cannot be reached (readiness follows, liveness
 * does not), UP once they answer. The gateway starts without them: the door connects when they come. (Its broker
 * going away and back while the door consumes: {@link KafkaBrokerRestartTest}.)
 */
class KafkaDoorHealthTest {

    static final String CHECK = KafkaBrokersHealthCheck.ID;
    static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void brokersNotThereAtStartUpAreDownUntilTheyAnswer() throws Exception {
        int port = Gateway.freePort();
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.kafka.enabled", "true");
        properties.put("hsm.kafka.brokers", "127.0.0.1:" + port);
        try (Gateway gateway = Gateway.start(properties)) {
            Health health = Health.of(properties);
            await().atMost(WAIT).until(() -> health.state(CHECK).equals("DOWN"));
            assertThat(health.reason(CHECK)).startsWith("Kafka door cannot reach the brokers 127.0.0.1:" + port + ": ");
            assertThat(health.status(Health.READY)).isEqualTo(503);
            assertThat(health.status(Health.LIVE)).isEqualTo(200);
            assertThat(health.state("route:door-kafka")).as("the route itself runs on").isEqualTo("UP");
            // camel-kafka's own check (its consumer tasks): registered, but Kafka's consumer polls on without an error
            System.out.println("[KafkaDoorHealthTest] brokers away: consumer:door-kafka-source is "
                    + health.state("consumer:door-kafka-source") + ", " + CHECK + " is " + health.state(CHECK));

            try (EmbeddedKafka kafka = EmbeddedKafka.start("health", port)) {
                await().atMost(WAIT).until(() -> health.state(CHECK).equals("UP"));
                await().atMost(WAIT).until(() -> health.status(Health.READY) == 200);
                System.out.println("[KafkaDoorHealthTest] checks: " + health.get(Health.ALL).body());
            }
        }
    }

    @Test
    void aDoorThatIsOffHasNoHealthCheck() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.jms.enabled", "false");
        try (Gateway gateway = Gateway.start(properties)) {
            Health health = Health.of(properties);
            await().atMost(WAIT).until(() -> health.status(Health.ALL) == 200);
            assertThat(health.check(CHECK)).isEmpty();
            assertThat(gateway.context().getRoute("door-kafka")).isNull();
        }
    }
}
