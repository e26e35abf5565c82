package io.hsmgateway.doors.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The records of one poll, processed side by side, and what became of each: done (its outcome is durable: sent,
 * queued, refused and dead-lettered) or not done yet (the gateway's database away, its identity still being
 * processed, its dead letter not acknowledged, or no answer at all). What may be committed is, per partition,
 * the records before its first one not done: an offset commit means "everything before it is done".
 */
final class KafkaBatch {

    /** One record of the poll: where it is, and how to commit up to it. */
    record Position(TopicPartition partition, long offset, KafkaManualCommit commit) {
        String identity() {
            return "kafka:" + partition.topic() + ":" + partition.partition() + ":" + offset;
        }
    }

    private final List<Position> positions = new ArrayList<>();
    private final List<Message> messages = new ArrayList<>();
    /** A record's answer code once settled as done; null while not done. Written by the worker threads. */
    private final AtomicReferenceArray<String> done;
    private final AtomicReferenceArray<String> notDone;

    KafkaBatch(List<Exchange> records) {
        for (Exchange record : records) {
            Message message = record.getMessage();
            positions.add(new Position(
                    new TopicPartition(message.getHeader(KafkaConstants.TOPIC, String.class),
                            message.getHeader(KafkaConstants.PARTITION, Integer.class)),
                    message.getHeader(KafkaConstants.OFFSET, Long.class),
                    message.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class)));
            messages.add(message);
        }
        done = new AtomicReferenceArray<>(records.size());
        notDone = new AtomicReferenceArray<>(records.size());
    }

    List<Message> messages() {
        return messages;
    }

    int size() {
        return positions.size();
    }

    void settle(int index, String code, boolean isDone) {
        (isDone ? done : notDone).set(index, code);
    }

    /** Per partition, the last record of the run of done records the partition starts with (absent: none done). */
    Map<TopicPartition, Position> committable() {
        Map<TopicPartition, Position> last = new LinkedHashMap<>();
        Set<TopicPartition> stopped = new HashSet<>();
        for (int i = 0; i < positions.size(); i++) {
            Position position = positions.get(i);
            if (stopped.contains(position.partition())) {
                continue;
            }
            if (done.get(i) != null) {
                last.put(position.partition(), position);
            } else {
                stopped.add(position.partition());
            }
        }
        return last;
    }

    /** The records not done, each with its identity and why (its answer's code, or "no answer"). */
    List<String> notDone() {
        List<String> held = new ArrayList<>();
        for (int i = 0; i < positions.size(); i++) {
            if (done.get(i) == null) {
                String why = notDone.get(i);
                held.add(positions.get(i).identity() + " (" + (why == null ? "no answer" : why) + ")");
            }
        }
        return held;
    }
}
