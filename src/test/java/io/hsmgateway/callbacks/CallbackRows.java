package io.hsmgateway.callbacks;

import io.hsmgateway.support.Gateway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status_callbacks table of a running gateway, through its own DataSource: callbacks queued as the webhook
 * applier queues them (sql/callbacks/enqueue.sql, the statement both sides share, run with plain JDBC), and read back.
 */
final class CallbackRows {

    private static final Pattern PARAMETER = Pattern.compile(":#(\\w+)");

    private final JdbcTemplate jdbc;

    CallbackRows(Gateway gateway) {
        this.jdbc = new JdbcTemplate(gateway.context().getRegistry().findSingleByType(DataSource.class));
    }

    /** Queues a status change for the website as the applier does; returns the callback id and its exact payload. */
    Queued enqueue(String websiteId, String status) throws IOException {
        String callbackId = UUID.randomUUID().toString();
        String notificationId = UUID.randomUUID().toString();
        String payload = "{\"event\":\"notification.status\",\"callbackId\":\"" + callbackId + "\",\"notificationId\":\""
                + notificationId + "\",\"websiteId\":\"" + websiteId + "\",\"status\":\"" + status
                + "\",\"providerMessageId\":\"wamid.HBgM" + notificationId.substring(0, 8) + "\",\"at\":\"2026-12-01T13:00:00Z\","
                + "\"destination\":\"542994843975\",\"templateId\":\"7\",\"error\":null,\"note\":\"señal ✓\"}";
        int queued = run(Map.of("callbackId", callbackId, "notificationId", notificationId, "payload", payload,
                "websiteId", websiteId));
        return queued == 1 ? new Queued(callbackId, payload) : null;
    }

    /** enqueue.sql as it is, its :#named parameters bound in order. */
    private int run(Map<String, Object> values) throws IOException {
        String sql;
        try (InputStream in = CallbackRows.class.getResourceAsStream("/sql/callbacks/enqueue.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Object> args = new ArrayList<>();
        Matcher parameter = PARAMETER.matcher(sql);
        while (parameter.find()) {
            args.add(values.get(parameter.group(1)));
        }
        return jdbc.update(parameter.replaceAll("?"), args.toArray());
    }

    Map<String, Object> row(String callbackId) {
        return jdbc.queryForMap("SELECT * FROM status_callbacks WHERE id = ?", callbackId);
    }

    String state(String callbackId) {
        return (String) row(callbackId).get("state");
    }

    int count(String websiteId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM status_callbacks WHERE website_id = ?", Integer.class, websiteId);
    }

    String storedSecret(String websiteId) {
        return jdbc.queryForObject("SELECT callback_secret FROM websites WHERE id = ?", String.class, websiteId);
    }

    /** Sets a website's callback URL behind the admin API's back (its check is what a test bypasses). */
    void setUrl(String websiteId, String url) {
        jdbc.update("UPDATE websites SET callback_url = ? WHERE id = ?", url, websiteId);
    }

    void setSecret(String websiteId, String storedSecret) {
        jdbc.update("UPDATE websites SET callback_secret = ? WHERE id = ?", storedSecret, websiteId);
    }

    /** A callback another node claimed, then died with: SENDING since {@code secondsAgo}, queued as enqueue.sql would. */
    Queued leftSending(String websiteId, int secondsAgo) {
        String callbackId = UUID.randomUUID().toString();
        String payload = "{\"event\":\"notification.status\",\"callbackId\":\"" + callbackId + "\",\"status\":\"READ\"}";
        java.sql.Timestamp then = java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(secondsAgo));
        jdbc.update("INSERT INTO status_callbacks (id, website_id, notification_id, payload, state, attempts, next_attempt_at,"
                + " claim_token, created_at, updated_at) VALUES (?, ?, ?, ?, 'SENDING', 0, ?, 'dead-node', ?, ?)",
                callbackId, websiteId, UUID.randomUUID().toString(), payload, then, then, then);
        return new Queued(callbackId, payload);
    }

    record Queued(String id, String payload) {
    }
}
