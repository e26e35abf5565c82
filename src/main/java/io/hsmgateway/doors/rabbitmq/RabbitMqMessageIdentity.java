package io.hsmgateway.doors.rabbitmq;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.component.springrabbit.SpringRabbitMQConstants;

/**
 * The RabbitMQ door's idempotency key for a consumed message: what makes a redelivery (a requeue, the gateway's
 * crash, a lost connection) the same notification, and two different messages never one.
 * <ul>
 *   <li>{@code rabbitmq-key:<k>} when the producer set the header {@value #PRODUCER_KEY}: the producer's own
 *       statement of identity wins, as with JMS and REST's {@code Idempotency-Key} (some clients give every
 *       publish, resends included, a fresh message_id);</li>
 *   <li>else {@code rabbitmq-message:<message_id>} when the producer set the AMQP {@code message_id} property;</li>
 *   <li>else none (empty): AMQP 0-9-1 gives a message no identity of its own that survives a redelivery (a
 *       delivery tag belongs to one channel). Such a message is sent at most once while the gateway lives, but one
 *       in flight when the gateway dies is redelivered as a new notification and may be sent twice. Counted in
 *       {@value #WITHOUT_IDENTITY} (Prometheus: {@code hsm_door_messages_without_identity_total{channel="rabbitmq"}}).</li>
 * </ul>
 * The prefixes keep these keys apart from the JMS door's ({@code jms-key:}, {@code jms-message:}).
 */
public class RabbitMqMessageIdentity {

    public static final String BEAN_NAME = "rabbitMqMessageIdentity";
    /** The header a producer sets to deduplicate its own resends. */
    public static final String PRODUCER_KEY = "idempotencyKey";
    /** Messages that came with neither an idempotencyKey header nor a message_id, by door. */
    public static final String WITHOUT_IDENTITY = "hsm.door.messages.without.identity";

    private final Counter withoutIdentity;

    public RabbitMqMessageIdentity(MeterRegistry registry) {
        this.withoutIdentity = Counter.builder(WITHOUT_IDENTITY)
                .description("Messages a door took with no identity of their own (a crash mid-send may send them twice)")
                .tag("channel", RabbitMqDoorConfiguration.CHANNEL).register(registry);
    }

    public String key(Exchange exchange) {
        String producerKey = exchange.getMessage().getHeader(PRODUCER_KEY, String.class);
        if (producerKey != null && !producerKey.isBlank()) {
            return "rabbitmq-key:" + producerKey;
        }
        String messageId = exchange.getMessage().getHeader(SpringRabbitMQConstants.MESSAGE_ID, String.class);
        if (messageId != null && !messageId.isBlank()) {
            return "rabbitmq-message:" + messageId;
        }
        withoutIdentity.increment();
        return "";
    }
}
