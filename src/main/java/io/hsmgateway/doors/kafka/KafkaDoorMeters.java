package io.hsmgateway.doors.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Kafka door's own counts, beside the pipeline's per-channel ones ({@code channel="kafka"}): records taken from
 * the topic, and records left uncommitted to be consumed again (not done yet, or a commit that failed).
 */
public final class KafkaDoorMeters {

    public static final String RECORDS = "hsm.kafka.records";

    private final Counter consumed;
    private final Counter returned;

    public KafkaDoorMeters(MeterRegistry registry) {
        consumed = Counter.builder(RECORDS).tag("result", "consumed")
                .description("Kafka door: records consumed (a record consumed again counts again)").register(registry);
        returned = Counter.builder(RECORDS).tag("result", "returned")
                .description("Kafka door: records left uncommitted to be consumed again").register(registry);
    }

    void consumed(int records) {
        consumed.increment(records);
    }

    void returned(int records) {
        returned.increment(records);
    }
}
