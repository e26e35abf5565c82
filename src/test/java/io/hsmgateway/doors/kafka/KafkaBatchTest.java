package io.hsmgateway.doors.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a poll may commit, per partition, and what identity a record has: the door's two rules, alone. */
class KafkaBatchTest {

    static final DefaultCamelContext CONTEXT = new DefaultCamelContext();

    @AfterAll
    static void close() throws Exception {
        CONTEXT.close();
    }

    @Test
    void eachPartitionCommitsTheRunOfDoneRecordsItStartsWith() {
        KafkaBatch batch = new KafkaBatch(records("t", new int[][] {{0, 10}, {1, 20}, {0, 11}, {1, 21}, {0, 12}, {2, 5}}));
        batch.settle(0, "SUCCESS", true);
        batch.settle(1, "SERVICE_UNAVAILABLE", false);    // partition 1 stops at its first record
        batch.settle(2, "QUEUED", true);
        batch.settle(3, "SUCCESS", true);                 // done, but after one that is not: not committed
        // index 4 (partition 0, offset 12) never answered: partition 0 stops before it
        batch.settle(5, "UNAUTHORIZED", true);            // a refusal dead-lettered is done

        var committable = batch.committable();
        assertThat(committable).containsOnlyKeys(new TopicPartition("t", 0), new TopicPartition("t", 2));
        assertThat(committable.get(new TopicPartition("t", 0)).offset()).isEqualTo(11);
        assertThat(committable.get(new TopicPartition("t", 2)).offset()).isEqualTo(5);
        // what is reported as consumed again: the records not done (1:21 comes again too, and is recognised)
        assertThat(batch.notDone()).containsExactly("kafka:t:1:20 (SERVICE_UNAVAILABLE)", "kafka:t:0:12 (no answer)");
    }

    @Test
    void aRecordIsItsPlaceOnTheBrokerUnlessTheProducerNamedIt() {
        KafkaRecordIdentity identity = new KafkaRecordIdentity();
        assertThat(identity.key(null, "t", 3, 42L)).isEqualTo("kafka:t:3:42");
        assertThat(identity.key(" ", "t", 3, 42L)).isEqualTo("kafka:t:3:42");
        assertThat(identity.key("order-42", "t", 3, 42L)).isEqualTo("kafka-key:order-42");
        assertThat(identity.key("order-42", "t", 0, 7L)).as("a producer's resend: another offset, the same key")
                .isEqualTo("kafka-key:order-42");
    }

    private static List<Exchange> records(String topic, int[][] partitionAndOffset) {
        List<Exchange> records = new ArrayList<>();
        for (int[] record : partitionAndOffset) {
            Exchange exchange = new DefaultExchange(CONTEXT);
            exchange.getMessage().setHeader(KafkaConstants.TOPIC, topic);
            exchange.getMessage().setHeader(KafkaConstants.PARTITION, record[0]);
            exchange.getMessage().setHeader(KafkaConstants.OFFSET, (long) record[1]);
            records.add(exchange);
        }
        return records;
    }
}
