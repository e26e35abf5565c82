package io.hsmgateway.retention;

import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Rows of every kind the purge handles, written over JDBC as the gateway writes them, with the ages a test needs. */
final class RetentionRows {

    static final String WEBSITE = "shop";
    static final List<String> TABLES = List.of("notifications", "delivery_statuses", "status_callbacks",
            "dead_letters", "idempotency_keys", "CAMEL_MESSAGEPROCESSED");

    private final JdbcTemplate jdbc;

    RetentionRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    static Timestamp ago(Duration age) {
        return Timestamp.from(Instant.now().minus(age));
    }

    /** A notification, created and last updated {@code age} ago. */
    String notification(String status, Duration age) {
        return notification(status, age, age);
    }

    /** A notification created {@code age} ago and last updated {@code updatedAgo} ago. */
    String notification(String status, Duration age, Duration updatedAgo) {
        String id = UUID.randomUUID().toString();
        notifications(List.of(id), status, age, updatedAgo);
        return id;
    }

    void notifications(List<String> ids, String status, Duration age) {
        notifications(ids, status, age, age);
    }

    void notifications(List<String> ids, String status, Duration age, Duration updatedAgo) {
        Timestamp at = ago(age);
        Timestamp updated = ago(updatedAgo);
        jdbc.batchUpdate("INSERT INTO notifications (id, website_id, template_id, destination, channel, status,"
                        + " provider_message_id, request_json, created_at, updated_at) VALUES (?, ?, 'hello', '5491100000001',"
                        + " 'rest', ?, ?, '{\"templateId\":\"hello\"}', ?, ?)",
                ids.stream().map(id -> new Object[] {id, WEBSITE, status, "wamid." + id, at, updated}).toList());
    }

    /** WhatsApp statuses applied to the notification (its history). */
    void statuses(List<String> notificationIds, Duration age, String... statuses) {
        Timestamp at = ago(age);
        List<Object[]> rows = new ArrayList<>();
        for (String n : notificationIds) {
            for (String s : statuses) {
                rows.add(new Object[] {UUID.randomUUID().toString(), "wamid." + n, s, at, "APPLIED", n, at, at});
            }
        }
        jdbc.batchUpdate("INSERT INTO delivery_statuses (id, provider_message_id, status, status_at, state,"
                + " notification_id, received_at, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** A status no notification has: {@code UNMATCHED} or still {@code RECEIVED}. */
    void strayStatuses(int count, String state, Duration age) {
        Timestamp at = ago(age);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {UUID.randomUUID().toString(), "wamid.stray." + UUID.randomUUID(), "sent", at, state, at});
        }
        jdbc.batchUpdate("INSERT INTO delivery_statuses (id, provider_message_id, status, status_at, state, received_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", rows);
    }

    void callbacks(List<String> notificationIds, String state, Duration age) {
        Timestamp at = ago(age);
        jdbc.batchUpdate("INSERT INTO status_callbacks (id, website_id, notification_id, payload, state, attempts,"
                        + " next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, '{}', ?, 1, ?, ?, ?)",
                notificationIds.stream().map(n -> new Object[] {UUID.randomUUID().toString(), WEBSITE, n, state, at, at, at})
                        .toList());
    }

    /** A dead letter for the notification, created {@code age} ago, replayed {@code replayedAgo} ago (null: never). */
    void deadLetter(String notificationId, Duration age, Duration replayedAgo) {
        deadLetters(List.of(notificationId), age, replayedAgo);
    }

    void deadLetters(List<String> notificationIds, Duration age, Duration replayedAgo) {
        Timestamp at = ago(age);
        Timestamp replayed = replayedAgo == null ? null : ago(replayedAgo);
        jdbc.batchUpdate("INSERT INTO dead_letters (id, notification_id, website_id, channel, request_json, attempts,"
                        + " created_at, replayed_at) VALUES (?, ?, ?, 'rest', '{}', 1, ?, ?)",
                notificationIds.stream().map(n -> new Object[] {UUID.randomUUID().toString(), n, WEBSITE, at, replayed})
                        .toList());
    }

    void idempotencyKeys(int count, Duration age) {
        Timestamp at = ago(age);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {WEBSITE, "key-" + UUID.randomUUID(), UUID.randomUUID().toString(), at});
        }
        jdbc.batchUpdate("INSERT INTO idempotency_keys (website_id, idempotency_key, notification_id, created_at)"
                + " VALUES (?, ?, ?, ?)", rows);
    }

    void ledger(int count, Duration age) {
        Timestamp at = ago(age);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {"drop-records", "shop/" + UUID.randomUUID() + "/1", at});
        }
        jdbc.batchUpdate("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)", rows);
    }

    static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    int count(String table, String where, Object... args) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + where, Integer.class, args);
    }

    Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, count(t)));
        return counts;
    }

    boolean exists(String table, String id) {
        return count(table, "id = ?", id) == 1;
    }
}
