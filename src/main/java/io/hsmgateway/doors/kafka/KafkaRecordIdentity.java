package io.hsmgateway.doors.kafka;

import org.apache.camel.Header;
import org.apache.camel.component.kafka.KafkaConstants;

/**
 * The Kafka door's idempotency key for a consumed record: what makes a redelivery (no commit after a rollback, a
 * crash, a rebalance to another node) the same notification, and two different records never one.
 * <ul>
 *   <li>{@code kafka-key:<k>} when the producer set the record header {@value #PRODUCER_KEY}: its own resends (two
 *       records, two offsets) are deduplicated, as REST does with {@code Idempotency-Key};</li>
 *   <li>otherwise {@code kafka:<topic>:<partition>:<offset>}: where the broker stored the record, the same at every
 *       delivery to every member of the group. (A topic deleted and created again under the same name starts its
 *       offsets again: its records would collide with the old ones' keys while those are kept.)</li>
 * </ul>
 */
public final class KafkaRecordIdentity {

    public static final String BEAN_NAME = "kafkaRecordIdentity";
    /** The record header a producer sets to deduplicate its own resends. */
    public static final String PRODUCER_KEY = "idempotencyKey";

    public String key(@Header(PRODUCER_KEY) Object producerKey, @Header(KafkaConstants.TOPIC) String topic,
                      @Header(KafkaConstants.PARTITION) Integer partition, @Header(KafkaConstants.OFFSET) Long offset) {
        if (producerKey instanceof String key && !key.isBlank()) {
            return "kafka-key:" + key;
        }
        if (topic == null || partition == null || offset == null) {
            throw new IllegalStateException("The Kafka door's identity needs the record's topic, partition and offset");
        }
        return "kafka:" + topic + ":" + partition + ":" + offset;
    }
}
