package io.hsmgateway.admin;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.NotFound;
import io.hsmgateway.api.Timestamps;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.support.DefaultExchange;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dead-letter store as the admin API sees it: listing with filters, and replaying a dead letter
 * through the whole pipeline again as a new notification. A replay is recorded on the dead letter
 * (when, the new notification, its code), so a success is visible, never a silent deletion. A dead letter is replayed
 * once: it is claimed and marked replayed by one conditional update before its request is sent, a bulk replay never
 * takes a replayed one, and a single replay of one needs {@code again=true}. A dead letter asked
 * for that does not exist is {@link NotFound}; parameters are bound by {@code @Header}, taken as sent.
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

    /** The filters and page of {@link #find} and {@link #replayAll} from the query string; blank ones left out. */
    public Map<String, Object> filters(@Header(AdminApi.WEBSITE_ID) String websiteId, @Header(AdminApi.CHANNEL) String channel,
                                       @Header(AdminApi.SINCE) String since, @Header(AdminApi.LIMIT) String limit,
                                       @Header(AdminApi.OFFSET) String offset) {
        Map<String, Object> filters = new HashMap<>();
        String[][] given = {{AdminApi.WEBSITE_ID, websiteId}, {AdminApi.CHANNEL, channel}, {AdminApi.SINCE, since},
                {AdminApi.LIMIT, limit}, {AdminApi.OFFSET, offset}};
        for (String[] filter : given) {
            if (filter[1] != null && !filter[1].isBlank()) {
                filters.put(filter[0], filter[1]);
            }
        }
        return filters;
    }

    /** Filters: websiteId, channel, since (ISO instant); paging: limit (max {@value #MAX_PAGE}), offset. */
    public List<Map<String, Object>> find(Map<String, Object> filters) {
        return jdbc.queryForList(sql.get("find-dead-letters"), page(filters)).stream().map(DeadLetters::view).toList();
    }

    /** The statement parameters of the filters and page, each checked. */
    private static Map<String, Object> page(Map<String, Object> filters) {
        Map<String, Object> params = new HashMap<>();
        params.put("websiteId", filters.get("websiteId"));
        params.put("channel", filters.get("channel"));
        Instant since = QueryParameters.since(filters.get("since"));
        params.put("since", since == null ? null : Timestamp.from(since));
        params.put("limit", QueryParameters.limit(filters.get("limit")));
        params.put("offset", QueryParameters.offset(filters.get("offset")));
        return params;
    }

    public Map<String, Object> get(@Header(AdminApi.DEAD_LETTER_ID) String id) {
        return jdbc.queryForList(sql.get("find-dead-letter"), Map.of("id", id)).stream()
                .map(row -> {
                    Map<String, Object> view = view(row);
                    view.put("request", row.get("request_json"));
                    return view;
                }).findFirst().orElseThrow(() -> notFound(id));
    }

    public void delete(@Header(AdminApi.DEAD_LETTER_ID) String id) {
        if (jdbc.update(sql.get("delete-dead-letter"), Map.of("id", id)) == 0) {
            throw notFound(id);
        }
    }

    /**
     * Sends the dead letter's request through the pipeline again, once: one already replayed is refused
     * ({@link AlreadyReplayed}, 409) unless {@code again} is {@code true}.
     */
    public Map<String, Object> replay(@Header(AdminApi.DEAD_LETTER_ID) String id, @Header(AdminApi.AGAIN) String again) {
        boolean replayAgain = QueryParameters.flag(again, AdminApi.AGAIN);
        Map<String, Object> row = row(id);
        Object previous = row.get("replayed_at");
        if (previous != null && !replayAgain) {
            throw new AlreadyReplayed(view(row));
        }
        Map<String, Object> replayed = claimAndReplay(row, (Timestamp) previous);
        if (replayed == null) { // claimed meanwhile by another call or node: that one replays it
            throw new AlreadyReplayed(view(row(id)));
        }
        return replayed;
    }

    private Map<String, Object> row(String id) {
        return jdbc.queryForList(sql.get("find-dead-letter"), Map.of("id", id)).stream().findFirst()
                .orElseThrow(() -> notFound(id));
    }

    /**
     * Claims the dead letter and marks it replayed in one conditional update (replayed_at still {@code previous}: null
     * for a first replay), then sends its request and records the outcome on it. Null, and nothing sent, when another
     * call or node claimed it first. A node that dies after the claim leaves it marked {@code IN_PROGRESS}, never
     * replayed again by a bulk call: it may or may not have been sent.
     */
    private Map<String, Object> claimAndReplay(Map<String, Object> row, Timestamp previous) {
        String id = (String) row.get("id");
        // to the millisecond, as every database stores it: the outcome is recorded where replayed_at = claimedAt
        Timestamp claimedAt = Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Map<String, Object> claim = new HashMap<>();
        claim.put("id", id);
        claim.put("now", claimedAt);
        claim.put("previous", previous);
        if (jdbc.update(sql.get("claim-dead-letter-replay"), claim) == 0) {
            return null;
        }
        Exchange replayed = new DefaultExchange(context);
        replayed.setProperty(Hsm.WEBSITE_ID, row.get("website_id"));
        replayed.setProperty(Hsm.CHANNEL, row.get("channel"));
        replayed.setProperty(Hsm.WEBSITE_GRANTED, true); // the admin token stands for the website
        replayed.getMessage().setBody(row.get("request_json"));
        ApiResponse response = null;
        try {
            sink.send(replayed);
            response = replayed.getProperty(Hsm.RESPONSE, ApiResponse.class);
        } finally { // a fault of ours is recorded as INTERNAL_ERROR, its notification (if one was recorded) named
            Map<String, Object> mark = new HashMap<>();
            mark.put("id", id);
            mark.put("claimedAt", claimedAt);
            mark.put("notificationId", response == null ? null : response.notificationId());
            mark.put("code", response == null ? ApiCode.INTERNAL_ERROR.name() : response.code());
            jdbc.update(sql.get("mark-dead-letter-replayed"), mark);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deadLetterId", id);
        result.put("replayedAt", Timestamps.iso(claimedAt));
        result.put("response", response);
        return result;
    }

    /**
     * Replays the dead letters the filters select that were never replayed (one page): each is claimed before it is
     * sent, so one that another call or node claims meanwhile is skipped, and a replayed one is never replayed again.
     * Returns the count per answer code.
     */
    public Map<String, Object> replayAll(Map<String, Object> filters) {
        List<Map<String, Object>> replays = new ArrayList<>();
        Map<String, Integer> codes = new LinkedHashMap<>();
        int skipped = 0;
        for (String id : jdbc.queryForList(sql.get("find-dead-letters-to-replay"), page(filters), String.class)) {
            Map<String, Object> row = jdbc.queryForList(sql.get("find-dead-letter"), Map.of("id", id)).stream()
                    .findFirst().orElse(null);
            Map<String, Object> replay = row == null || row.get("replayed_at") != null ? null : claimAndReplay(row, null);
            if (replay == null) { // deleted, or claimed by another call or node, since the page was read
                skipped++;
                continue;
            }
            ApiResponse response = (ApiResponse) replay.get("response");
            String code = response == null ? "INTERNAL_ERROR" : response.code();
            codes.merge(code, 1, Integer::sum);
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("deadLetterId", id);
            item.put("code", code);
            item.put("notificationId", response == null ? null : response.notificationId());
            replays.add(item);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", replays.size());
        result.put("skipped", skipped);
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

    private static NotFound notFound(String id) {
        return new NotFound("dead letter " + id);
    }
}
