package io.hsmgateway.doors.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Header;

/**
 * The MQTT door's idempotency key for a message: {@code mqtt-key:<k>} from the MQTT 5 user property
 * {@value MqttDoorConsumer#IDEMPOTENCY_KEY}. It is what makes a redelivery (a crash or a lost connection before
 * the PUBACK: the broker sends the message again, DUP set) the same notification, and a producer's own resend too.
 * <p>
 * MQTT has nothing else to offer: a PUBLISH carries no message id, only a packet id that the next connection
 * reuses for other messages. So a message without the property has no identity (empty: the sink claims none);
 * redelivered after a crash between its send and its PUBACK, it is sent again. Such messages are counted in
 * {@code hsm_door_messages_without_identity_total{channel="mqtt"}} (each delivery counted).
 */
public class MqttMessageIdentity {

    public static final String BEAN_NAME = "mqttMessageIdentity";
    /** Micrometer's name; Prometheus shows hsm_door_messages_without_identity_total{channel}. */
    public static final String WITHOUT_IDENTITY = "hsm.door.messages.without.identity";

    private final Counter withoutIdentity;

    public MqttMessageIdentity(MeterRegistry registry) {
        this.withoutIdentity = Counter.builder(WITHOUT_IDENTITY)
                .description("Messages a door took that carried no identity (a redelivery of one may be sent twice)")
                .tag("channel", "mqtt")
                .register(registry);
    }

    public String key(@Header(MqttDoorConsumer.IDEMPOTENCY_KEY) String producerKey) {
        if (producerKey != null && !producerKey.isBlank()) {
            return "mqtt-key:" + producerKey;
        }
        withoutIdentity.increment();
        return "";
    }
}
