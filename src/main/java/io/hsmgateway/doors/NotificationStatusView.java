package io.hsmgateway.doors;

import io.hsmgateway.api.Identifiers;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.Timestamps;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A notification's status record as its website sees it: where it stands, never why a secret failed. */
public class NotificationStatusView {

    /**
     * The notification, one row per WhatsApp status in its history, oldest first ({@code sql/find-notification.sql}):
     * none when the website has no such notification.
     */
    public static final String NOTIFICATION_ROWS = "hsmNotificationRows";

    public Map<String, Object> query(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                                     @Header("notificationId") String notificationId) {
        return Map.of("websiteId", websiteId, "notificationId", notificationId);
    }

    public ApiResponse view(@ExchangeProperty(Hsm.WEBSITE_ID) String websiteId,
                            @ExchangeProperty("hsmQueriedId") String notificationId,
                            @Header(NOTIFICATION_ROWS) List<Map<String, Object>> rows) {
        if (rows == null || rows.isEmpty()) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("notificationId", notificationId);
            result.put("websiteId", websiteId);
            throw new RejectedException(ApiResponse.of(ApiCode.NOT_FOUND,
                    "Cant find requested notification " + Identifiers.echo(notificationId) + " for website " + Identifiers.echo(websiteId), result));
        }
        Map<String, Object> row = rows.get(0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("notificationId", row.get("id"));
        result.put("status", row.get("status"));
        result.put("code", row.get("code"));
        result.put("templateId", row.get("template_id"));
        result.put("destination", row.get("destination"));
        result.put("channel", row.get("channel"));
        result.put("providerMessageId", row.get("provider_message_id"));
        result.put("attempts", row.get("attempts"));
        result.put("replyError", row.get("reply_error"));
        result.put("nextAttemptAt", Timestamps.iso(row.get("next_attempt_at")));
        result.put("createdAt", Timestamps.iso(row.get("created_at")));
        result.put("updatedAt", Timestamps.iso(row.get("updated_at")));
        result.put("history", history(rows));
        return ApiResponse.of(ApiCode.NOTIFICATION_STATUS, result);
    }

    /**
     * WhatsApp's statuses of a notification as the status endpoints show them: status, time (WhatsApp's), error. From
     * the rows of a notification joined with its statuses (history_* columns; a row without one has no history).
     */
    public static List<Map<String, Object>> history(List<Map<String, Object>> rows) {
        return rows.stream().filter(row -> row.get("history_status") != null).map(row -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", ((String) row.get("history_status")).toUpperCase(Locale.ROOT));
            entry.put("at", Timestamps.iso(row.get("history_at")));
            entry.put("code", row.get("history_code"));
            entry.put("title", row.get("history_title"));
            entry.put("details", row.get("history_details"));
            return entry;
        }).toList();
    }
}
