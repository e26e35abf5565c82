package io.hsmgateway.doors.kafka;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.doors.FailureReason;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka door's steps around the sink, for one poll's records (camel-kafka {@code batching=true}): {@link #open}
 * the batch, {@link #settle} each record after the sink (on the worker thread that ran it), {@link #commit} once
 * they have all finished (on the polling thread). A record is done when its outcome is durable: SUCCESS, QUEUED, or
 * refused with its dead letter acknowledged by the dead-letter topic. SERVICE_UNAVAILABLE, IDEMPOTENCY_CONFLICT and
 * a dead letter not acknowledged are not done: nothing from that record on (in its partition) is committed, and the
 * door's route rolls back, which makes camel-kafka ({@code breakOnFirstError}) subscribe again from the committed
 * offsets, so the records not done (and those after them) are consumed again. The ones already done are then
 * recognised by their identity and not sent again.
 */
public final class KafkaBatches {

    public static final String BEAN_NAME = "kafkaDoorBatches";
    /** Exchange property holding the poll's {@link KafkaBatch}, shared with the split's record exchanges. */
    public static final String BATCH = "kafkaDoorBatch";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatches.class);
    private static final Set<String> NOT_DONE = Set.of(ApiCode.SERVICE_UNAVAILABLE.name(), ApiCode.IDEMPOTENCY_CONFLICT.name());

    private final long redeliveryDelayMs;
    private final KafkaDoorMeters meters;

    public KafkaBatches(long redeliveryDelayMs, KafkaDoorMeters meters) {
        this.redeliveryDelayMs = redeliveryDelayMs;
        this.meters = meters;
    }

    /** The poll's records (the batch exchange's body, one exchange per record) as one batch. */
    public KafkaBatch open(@Body List<Exchange> records) {
        return new KafkaBatch(records);
    }

    /** Each record's message, for the split: a record's exchange carries its value and headers as consumed. */
    public List<Message> records(@ExchangeProperty(BATCH) KafkaBatch batch) {
        return batch.messages();
    }

    public void settle(@ExchangeProperty(BATCH) KafkaBatch batch, @ExchangeProperty(Exchange.SPLIT_INDEX) int index,
                       @ExchangeProperty(Hsm.RESPONSE) ApiResponse response,
                       @ExchangeProperty(Hsm.DEAD_LETTER_FAILED) Boolean deadLetterFailed) {
        if (response == null) {
            batch.settle(index, null, false);
        } else if (Boolean.TRUE.equals(deadLetterFailed)) {
            batch.settle(index, response.code() + ", its dead letter not acknowledged", false);
        } else {
            batch.settle(index, response.code(), !NOT_DONE.contains(response.code()));
        }
    }

    /**
     * Commits (synchronously, per partition) the run of done records each partition starts with.
     *
     * @return true when every record of the batch is done and committed; false when some must be consumed again
     *         (after {@code hsm.kafka.redelivery-delay-ms}: the gateway's database, or a first delivery, may need
     *         a moment)
     */
    public boolean commit(@ExchangeProperty(BATCH) KafkaBatch batch) throws InterruptedException {
        Map<TopicPartition, KafkaBatch.Position> committable = batch.committable();
        boolean committed = true;
        for (KafkaBatch.Position last : committable.values()) {
            try {
                last.commit().commit();
            } catch (RuntimeException e) {
                // a rebalance took the partition, or the brokers are away: consumed again from the last commit
                LOG.warn("Kafka door: could not commit {} up to offset {} ({}); its records will be consumed again"
                        + " and not sent twice", last.partition(), last.offset(), FailureReason.of(e));
                committed = false;
            }
        }
        List<String> notDone = batch.notDone();
        meters.consumed(batch.size());
        if (notDone.isEmpty() && committed) {
            return true;
        }
        meters.returned(notDone.size());
        if (!notDone.isEmpty()) {
            LOG.info("Kafka door: {} of {} records not done, consumed again in {} ms: {}", notDone.size(), batch.size(),
                    redeliveryDelayMs, notDone.size() > 10 ? notDone.subList(0, 10) + " ..." : notDone);
        }
        TimeUnit.MILLISECONDS.sleep(redeliveryDelayMs);
        return false;
    }
}
