package io.hsmgateway.admin;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.Timestamps;
import io.hsmgateway.storage.SqlFiles;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.pipeline.NotificationSink;
import org.apache.camel.Exchange;
import org.apache.camel.CamelContext;
import org.apache.camel.support.DefaultExchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter store as the admin API sees it: listing with filters, and replaying a dead letter
 * through the whole pipeline again as a new notification. A replay is recorded on the dead letter
 * (when, the new notification, its code), so a success is visible, never a silent deletion.
 */
public class DeadLetters {

    public static final int MAX_PAGE = 500;

    private final NamedParameterJdbcTemplate jdbc;
    private final CamelContext context;
    private final NotificationSink sink;
    private final SqlFiles sql = new SqlFiles("admin");

    public DeadLetters(DataSource dataSource, CamelContext context, NotificationSink sink) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.context = context;
        this.sink = sink;
    }

    /** Filters: websiteId, channel, since (ISO instant); paging: limit (max {@value #MAX_PAGE}), offset. */
    public List<Map<String, Object>> find(Map<String, Object> filters) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", filters.get("websiteId"));
        params.put("channel", filters.get("channel"));
        try {
            Object since = filters.get("since");
            params.put("since", since == null ? null : Timestamp.from(Instant.parse(since.toString())));
        } catch (DateTimeParseException e) {
            throw invalidQuery("since", filters.get("since"), "must be an ISO-8601 instant (2026-11-24T10:00:00Z)");
        }
        params.put("limit", Math.min(MAX_PAGE, count(filters.get("limit"), "limit", 50)));
        params.put("offset", count(filters.get("offset"), "offset", 0));
        return jdbc.queryForList(sql.get("find-dead-letters"), params).stream().map(DeadLetters::view).toList();
    }

    public Map<String, Object> get(String id) {
        return jdbc.queryForList(sql.get("find-dead-letter"), Map.of("id", id)).stream()
                .map(row -> {
                    Map<String, Object> view = view(row);
                    view.put("request", row.get("request_json"));
                    return view;
                }).findFirst().orElse(null);
    }

    public boolean delete(String id) {
        return jdbc.update(sql.get("delete-dead-letter"), Map.of("id", id)) > 0;
    }

    /** Sends the dead letter's request through the pipeline again; null if there is no such dead letter. */
    public Map<String, Object> replay(String id) {
        Map<String, Object> row = jdbc.queryForList(sql.get("find-dead-letter"), Map.of("id", id)).stream()
                .findFirst().orElse(null);
        if (row == null) {
            return null;
        }
        Exchange replayed = new DefaultExchange(context);
        replayed.setProperty(Hsm.WEBSITE_ID, row.get("website_id"));
        replayed.setProperty(Hsm.CHANNEL, row.get("channel"));
        replayed.setProperty(Hsm.WEBSITE_GRANTED, true); // the admin token stands for the website
        replayed.getMessage().setBody(row.get("request_json"));
        sink.send(replayed);
        ApiResponse response = replayed.getProperty(Hsm.RESPONSE, ApiResponse.class);
        Instant now = Instant.now();
        Map<String, Object> mark = new HashMap<>();
        mark.put("id", id);
        mark.put("now", Timestamp.from(now));
        mark.put("notificationId", response == null ? null : response.notificationId());
        mark.put("code", response == null ? "INTERNAL_ERROR" : response.code());
        jdbc.update(sql.get("mark-dead-letter-replayed"), mark);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deadLetterId", id);
        result.put("replayedAt", now.toString());
        result.put("response", response);
        return result;
    }

    /** Replays every dead letter the filters select (one page); returns the count per answer code. */
    public Map<String, Object> replayAll(Map<String, Object> filters) {
        List<Map<String, Object>> replays = new ArrayList<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (Map<String, Object> deadLetter : find(filters)) {
            Map<String, Object> replay = replay((String) deadLetter.get("id"));
            ApiResponse response = (ApiResponse) replay.get("response");
            String code = response == null ? "INTERNAL_ERROR" : response.code();
            codes.merge(code, 1, Integer::sum);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("deadLetterId", deadLetter.get("id"));
            item.put("code", code);
            item.put("notificationId", response == null ? null : response.notificationId());
            replays.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", replays.size());
        result.put("codes", codes);
        result.put("items", replays);
        return result;
    }

    private static Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", row.get("id"));
        view.put("notificationId", row.get("notification_id"));
        view.put("websiteId", row.get("website_id"));
        view.put("channel", row.get("channel"));
        view.put("templateId", row.get("template_id"));
        view.put("destination", row.get("destination"));
        view.put("errorCode", row.get("error_code"));
        view.put("lastError", row.get("last_error"));
        view.put("attempts", row.get("attempts"));
        view.put("createdAt", Timestamps.iso(row.get("created_at")));
        view.put("replayedAt", Timestamps.iso(row.get("replayed_at")));
        view.put("replayNotificationId", row.get("replay_notification_id"));
        view.put("replayCode", row.get("replay_code"));
        return view;
    }


    /** A paging query parameter: a whole number, 0 or more; INVALID_BODY otherwise. */
    static int count(Object value, String name, int fallback) {
        try {
            int count = value == null ? fallback : Integer.parseInt(value.toString());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalidQuery(name, value, "must be a whole number, 0 or more");
    }

    private static RejectedException invalidQuery(String name, Object value, String text) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", value);
        return new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.at(List.of(name), "any.invalid", text, context)));
    }
}
