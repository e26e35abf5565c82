package io.hsmgateway.webhooks;

import io.hsmgateway.pipeline.outcome.NotificationStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Every current status against every WhatsApp status: forward only, failed only before delivery. */
class StatusTransitionTest {

    @ParameterizedTest(name = "{0} + {1} -> {2}")
    @CsvSource({
            "SENT, sent, SENT",
            "SENT, delivered, DELIVERED",
            "SENT, read, READ",
            "SENT, failed, FAILED",
            "DELIVERED, sent, DELIVERED",
            "DELIVERED, delivered, DELIVERED",
            "DELIVERED, read, READ",
            "DELIVERED, failed, DELIVERED",
            "READ, sent, READ",
            "READ, delivered, READ",
            "READ, read, READ",
            "READ, failed, READ",
            "FAILED, sent, FAILED",
            "FAILED, delivered, FAILED",
            "FAILED, read, FAILED",
            "FAILED, failed, FAILED",
            "UNKNOWN, delivered, DELIVERED",
            "UNKNOWN, failed, FAILED",
            "PENDING, sent, SENT",
            "PENDING, failed, FAILED",
            "RETRYING, delivered, RETRYING",
            "RETRYING, failed, RETRYING",
            "SENDING, read, SENDING",
            "REJECTED, delivered, REJECTED",
            "SENT, deleted, SENT"})
    void movesForwardOnly(NotificationStatus current, String reported, NotificationStatus expected) {
        assertThat(StatusTransition.next(current, reported)).isEqualTo(expected);
    }
}
