package io.hsmgateway.retention;

import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention on a real gateway (its own database, its own scheduler and lease), the rows written over JDBC as the
 * gateway writes them, aged as each case needs. Run on H2 and on PostgreSQL: the purge's SQL (row-value IN, LIMIT in
 * a subquery, the lease's conditional update) must behave alike on both. Before retention nothing was ever deleted:
 * each test here fails on that code.
 */
abstract class RetentionContract {

    static final Duration OLD = Duration.ofDays(2);
    static final Duration HOUR = Duration.ofHours(1);
    static final Duration FRESH = Duration.ofMinutes(1);

    Gateway gateway;
    RetentionRows rows;
    DataSource dataSource;

    abstract Map<String, String> database();

    /** Notifications kept 1 day, keys 24 hours, everything else 0.01 day (14.4 minutes); small batches, often. */
    void start(long intervalMs, int batchSize) throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.putAll(database());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.retention.interval-ms", String.valueOf(intervalMs));
        properties.put("hsm.retention.batch-size", String.valueOf(batchSize));
        properties.put("hsm.retention.batch-pause-ms", "5");
        properties.put("hsm.retention.notifications-days", "1");
        properties.put("hsm.retention.idempotency-keys-hours", "24");
        properties.put("hsm.retention.dead-letters-days", "0.01");
        properties.put("hsm.retention.delivered-callbacks-days", "0.01");
        properties.put("hsm.retention.unmatched-statuses-days", "0.01");
        properties.put("hsm.retention.drop-ledger-days", "0.01");
        gateway = Gateway.start(properties);
        dataSource = gateway.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        rows = new RetentionRows(new JdbcTemplate(dataSource));
    }

    @AfterEach
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void purgesWhatIsPastItsRetentionAndKeepsWhatMustStay() throws Exception {
        start(300, 7); // batches of 7: every kind takes several statements
        // finished and old: gone, with their statuses and callbacks
        List<String> sent = RetentionRows.ids(20);
        rows.notifications(sent, "SENT", OLD);
        rows.statuses(sent, OLD, "sent", "delivered");
        rows.callbacks(sent, "DELIVERED", OLD);
        rows.callbacks(sent, "DEAD", OLD);
        List<String> others = new ArrayList<>();
        for (String status : List.of("READ", "READ", "UNKNOWN", "REJECTED", "FAILED")) {
            others.add(rows.notification(status, OLD));
        }
        String replayedLongAgo = rows.notification("FAILED", OLD);
        rows.deadLetter(replayedLongAgo, OLD, HOUR);
        // still to be sent, or being sent: kept however old (updated recently, as a live one is)
        String pending = rows.notification("PENDING", OLD, FRESH);
        String sending = rows.notification("SENDING", OLD, FRESH);
        String retrying = rows.notification("RETRYING", OLD, HOUR);
        rows.callbacks(List.of(retrying), "DUE", OLD);
        // a dead letter not replayed, or replayed lately, keeps its notification
        String deadLetter = rows.notification("FAILED", OLD);
        rows.deadLetter(deadLetter, OLD, null);
        String replayedLately = rows.notification("FAILED", OLD);
        rows.deadLetter(replayedLately, OLD, FRESH);
        // within its retention: kept, but its delivered callback of an hour ago goes
        String recent = rows.notification("READ", HOUR);
        rows.statuses(List.of(recent), HOUR, "sent", "delivered", "read");
        rows.callbacks(List.of(recent), "DELIVERED", HOUR);
        rows.callbacks(List.of(recent), "DEAD", HOUR);
        rows.callbacks(List.of(recent), "DELIVERED", FRESH);
        // idempotency keys past their 24 hours, ledger entries and unmatched statuses past 0.01 day
        rows.idempotencyKeys(30, Duration.ofHours(25));
        rows.idempotencyKeys(5, HOUR);
        rows.ledger(30, HOUR);
        rows.ledger(4, FRESH);
        rows.strayStatuses(12, "UNMATCHED", HOUR);
        rows.strayStatuses(3, "UNMATCHED", FRESH);
        // a status applied and a callback queued for a notification while it was being purged: orphans, gone as well
        String ghost = java.util.UUID.randomUUID().toString();
        rows.statuses(List.of(ghost), OLD, "read");
        rows.callbacks(List.of(ghost), "DUE", OLD);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(rows.count("notifications", "created_at < ? AND status IN ('SENT', 'READ', 'UNKNOWN', 'REJECTED')",
                    RetentionRows.ago(Duration.ofDays(1)))).isZero();
            assertThat(rows.count("idempotency_keys")).isEqualTo(5);
            assertThat(rows.count("CAMEL_MESSAGEPROCESSED")).isEqualTo(4);
            assertThat(rows.exists("notifications", replayedLongAgo)).isFalse();
        });
        for (String id : sent) {
            assertThat(rows.count("delivery_statuses", "notification_id = ?", id)).isZero();
            assertThat(rows.count("status_callbacks", "notification_id = ?", id)).isZero();
        }
        others.forEach(id -> assertThat(rows.exists("notifications", id)).as(id).isFalse());
        assertThat(rows.count("dead_letters", "notification_id = ?", replayedLongAgo)).isZero();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(rows.count("delivery_statuses", "notification_id = ?", ghost)).isZero();
            assertThat(rows.count("status_callbacks", "notification_id = ?", ghost)).isZero();
        });

        for (String kept : List.of(pending, sending, retrying, deadLetter, replayedLately, recent)) {
            assertThat(rows.exists("notifications", kept)).as(kept).isTrue();
        }
        assertThat(rows.count("status_callbacks", "notification_id = ?", retrying)).isEqualTo(1);
        assertThat(rows.count("dead_letters")).isEqualTo(2);
        assertThat(rows.count("delivery_statuses", "notification_id = ?", recent)).isEqualTo(3);
        assertThat(rows.count("status_callbacks", "notification_id = ?", recent)).as("DEAD and fresh DELIVERED").isEqualTo(2);
        assertThat(rows.count("delivery_statuses", "state = 'UNMATCHED'")).isEqualTo(3);
    }

    /**
     * A soak: for a while, a writer adds every kind of row at a steady rate, each already past its retention (what a
     * gateway writes every second, a day later), and the row counts must stay bounded (flat) rather than grow with
     * what was written; once the writer stops, everything it wrote is gone.
     */
    @Test
    void rowCountsStayFlatWhileRowsKeepComing() throws Exception {
        start(250, 500);
        Duration expired = Duration.ofDays(1).plusMinutes(1);
        int perRound = 40;
        long soakMs = 12_000;
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                List<String> ids = RetentionRows.ids(perRound);
                rows.notifications(ids, "DELIVERED", expired);
                rows.statuses(ids, expired, "sent", "delivered");
                rows.callbacks(ids, "DELIVERED", expired);
                rows.idempotencyKeys(perRound, expired);
                rows.ledger(perRound, expired);
                rows.strayStatuses(perRound / 4, "UNMATCHED", expired);
                List<String> replayed = RetentionRows.ids(perRound / 4);
                rows.notifications(replayed, "FAILED", expired);
                rows.deadLetters(replayed, expired, expired);
                written.addAndGet(perRound);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "retention-soak-writer");
        writer.start();
        List<Integer> firstHalf = new ArrayList<>();
        List<Integer> secondHalf = new ArrayList<>();
        long start = System.currentTimeMillis();
        try {
            while (System.currentTimeMillis() - start < soakMs) {
                Thread.sleep(500);
                int total = rows.counts().values().stream().mapToInt(Integer::intValue).sum();
                (System.currentTimeMillis() - start < soakMs / 2 ? firstHalf : secondHalf).add(total);
            }
        } finally {
            writing.set(false);
            writer.join();
        }
        System.out.printf("retention soak: %d notifications written (each with 2 statuses, a callback, a key, a ledger"
                + " entry), rows in all tables sampled every 0.5 s: first half %s, second half %s%n",
                written.get(), firstHalf, secondHalf);
        int rowsPerRound = perRound * 6 + perRound / 4 * 3;
        int roundsWritten = written.get() / perRound;
        // flat: the second half never holds much more than the first, and never more than a few seconds' writing,
        // however much was written in all
        int bound = rowsPerRound * 60; // 60 rounds: about 4 s of writing at this rate
        assertThat(roundsWritten).as("rounds written").isGreaterThan(60);
        assertThat(secondHalf).allSatisfy(total -> assertThat(total).isLessThan(bound));
        assertThat(secondHalf.stream().mapToInt(Integer::intValue).max().orElse(0))
                .isLessThanOrEqualTo(Math.max(2 * firstHalf.stream().mapToInt(Integer::intValue).max().orElse(0), bound / 2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(rows.counts()).allSatisfy((table, count) -> assertThat(count).as(table).isZero()));
    }

    /** Two nodes on one database: one holds the lease, the other waits for it to expire or be handed on. */
    @Test
    void oneNodeAtATimeHoldsTheLease() throws Exception {
        start(0, 500); // the gateway's own purge off: the test plays both nodes
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        MovableClock clock = new MovableClock();
        RetentionLease a = new RetentionLease(jdbc, "node-a", clock);
        RetentionLease b = new RetentionLease(jdbc, "node-b", clock);

        assertThat(a.claim()).isTrue();
        assertThat(b.claim()).as("held by a").isFalse();
        assertThat(a.claim()).as("a again").isTrue();
        assertThat(a.renew()).isTrue();
        clock.advance(RetentionLease.HOLD.minusSeconds(1));
        assertThat(b.claim()).as("a's lease still runs").isFalse();
        // a died mid-purge: its lease expires and b takes over; a, back, has lost it
        clock.advance(Duration.ofSeconds(2));
        assertThat(b.claim()).as("expired").isTrue();
        assertThat(a.renew()).as("no longer a's").isFalse();
        assertThat(a.claim()).isFalse();
        // b is done: nobody purges again before the interval is over
        b.finish(Duration.ofMinutes(10));
        clock.advance(Duration.ofMinutes(9));
        assertThat(a.claim()).isFalse();
        clock.advance(Duration.ofMinutes(2));
        assertThat(a.claim()).isTrue();
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.now();

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
