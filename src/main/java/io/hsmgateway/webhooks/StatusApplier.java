package io.hsmgateway.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.logging.NotificationLogContext;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.outcome.NotificationStatus;
import io.hsmgateway.storage.SqlFiles;
import org.apache.camel.Body;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Applies stored WhatsApp statuses to their notifications, on whichever node gets to them: right after the webhook
 * stored them, and by every node's poll (statuses left by a crash, by another node, or not matched yet). Each status
 * is applied in one transaction that claims it first (a second claim of the same row waits for that transaction and
 * then finds nothing to claim), locks its notification (statuses of one notification are applied one after the
 * other), moves the notification forward ({@link StatusTransition}), records the status in its history, queues the
 * website's callback when the current status changed ({@code sql/callbacks/enqueue.sql}) and, for a {@code failed},
 * makes the dead letter an operator can replay. A crash anywhere leaves the status RECEIVED, to be applied again whole.
 * <p>
 * A status whose message id no notification has yet waits (the Cloud API's answer may not be recorded when the
 * webhook comes); after {@code hsm.whatsapp.webhook.unmatched-after-seconds} it is set aside as UNMATCHED and counted.
 */
public class StatusApplier {

    public static final String BEAN_NAME = "whatsappStatusApplier";

    private static final Logger LOG = LoggerFactory.getLogger(StatusApplier.class);
    private static final SqlFiles SQL = new SqlFiles("webhooks");
    private static final SqlFiles ROOT_SQL = new SqlFiles("");
    private static final SqlFiles CALLBACK_SQL = new SqlFiles("callbacks");
    private static final int MAX_ERROR_LENGTH = 1000;

    /** What applying one status came to. */
    enum Result { APPLIED, WAITING, UNMATCHED, TAKEN }

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final StatusCounts counts;
    private final GatewayMeters meters;
    private final Duration unmatchedAfter;
    private final Executor soon;

    /**
     * @param soon where the statuses a webhook just stored are applied, while it is answered: a bounded queue that
     *             refuses what it cannot take (the poll applies those), so a burst of webhooks never waits for it
     */
    public StatusApplier(DataSource dataSource, ObjectMapper json, StatusCounts counts, GatewayMeters meters,
                         Duration unmatchedAfter,
                         Executor soon) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.json = json;
        this.counts = counts;
        this.meters = meters;
        this.unmatchedAfter = unmatchedAfter;
        this.soon = soon;
    }

    /** The statuses a webhook just stored, applied on another thread while the webhook is answered. */
    public void applySoon(@Body List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        try {
            soon.execute(() -> applyAll(ids));
        } catch (RejectedExecutionException busy) {
            LOG.debug("{} WhatsApp statuses left to the poll: the applier's queue is full", ids.size());
        }
    }

    /** The statuses given, one transaction each; what fails is left RECEIVED for the poll. */
    public void applyAll(List<String> ids) {
        for (String id : ids) {
            try {
                apply(id);
            } catch (RuntimeException e) {
                LOG.warn("WhatsApp status {} not applied yet ({}): the next poll tries again", id, e.getMessage());
                LOG.debug("Applying WhatsApp status {}", id, e);
            }
        }
    }

    /** The poll: statuses not applied yet, those past their wait first, then the least tried (100 at a time). */
    public void applyReceived() {
        List<String> ids;
        try {
            ids = jdbc.queryForList(SQL.named("find-received"),
                    Map.of("unmatchedBefore", Timestamp.from(Instant.now().minus(unmatchedAfter))), String.class);
        } catch (RuntimeException e) {
            LOG.warn("Could not look for WhatsApp statuses to apply: {}", e.getMessage());
            return;
        }
        applyAll(ids);
    }

    Result apply(String id) {
        Map<String, Object> status = new HashMap<>();
        Result result;
        try {
            result = transactions.execute(tx -> applyInTransaction(id, status));
        } catch (ConcurrencyFailureException claimedElsewhere) {
            // H2 may refuse a second claim of a row another transaction holds rather than wait for it
            LOG.debug("WhatsApp status {} is being applied by another transaction", id);
            return Result.TAKEN;
        }
        if (result == Result.APPLIED) {
            counts.count((String) status.get("status"), StatusCounts.APPLIED);
        } else if (result == Result.UNMATCHED) {
            counts.count((String) status.get("status"), StatusCounts.UNKNOWN);
            LOG.info("WhatsApp status {} of message {} matched no notification within {}: set aside as UNMATCHED",
                    status.get("status"), status.get("provider_message_id"), unmatchedAfter);
        }
        return result;
    }

    private Result applyInTransaction(String id, Map<String, Object> status) {
        String token = UUID.randomUUID().toString();
        Map<String, Object> claim = Map.of("id", id, "token", token);
        if (jdbc.update(SQL.named("claim-status"), claim) == 0) {
            return Result.TAKEN;
        }
        status.putAll(jdbc.queryForMap(SQL.named("find-status"), Map.of("id", id)));
        List<String> notificationIds = jdbc.queryForList(SQL.named("find-message"),
                Map.of("providerMessageId", status.get("provider_message_id")), String.class);
        if (notificationIds.isEmpty() && linkedInDoubt(status)) {
            notificationIds = List.of((String) status.get("callback_data"));
        }
        if (notificationIds.isEmpty()) {
            Instant receivedAt = ((Timestamp) status.get("received_at")).toInstant();
            if (receivedAt.isBefore(Instant.now().minus(unmatchedAfter))) {
                jdbc.update(SQL.named("mark-unmatched"), claim);
                return Result.UNMATCHED;
            }
            jdbc.update(SQL.named("release-status"), claim);
            return Result.WAITING;
        }
        Map<String, Object> notification = jdbc.queryForMap(SQL.named("lock-notification"), Map.of("id", notificationIds.get(0)));
        String notificationId = (String) notification.get("id");
        // its lines carry the notification id, as the pipeline's do
        try (NotificationLogContext.Scope logs = NotificationLogContext.open(notificationId)) {
            NotificationStatus current = NotificationStatus.valueOf((String) notification.get("status"));
            NotificationStatus next = StatusTransition.next(current, (String) status.get("status"));
            if (next != current) {
                if (next == NotificationStatus.FAILED) {
                    fail(notification, status);
                } else {
                    jdbc.update(SQL.named("set-notification-status"), Map.of("id", notificationId, "status", next.name()));
                }
                enqueueCallback(notification, status, next);
            }
            Map<String, Object> applied = new HashMap<>(claim);
            applied.put("notificationId", notificationId);
            jdbc.update(SQL.named("mark-applied"), applied);
            return Result.APPLIED;
        }
    }

    /**
     * A status whose message id no notification has, naming an UNKNOWN notification (its call's answer was lost, or its
     * process died mid-call) in its biz_opaque_callback_data: WhatsApp did take it, and this is its message id. The
     * doubt is resolved; the status then applies as to any other notification.
     */
    private boolean linkedInDoubt(Map<String, Object> status) {
        Object notificationId = status.get("callback_data");
        if (notificationId == null) {
            return false;
        }
        Map<String, Object> link = new HashMap<>();
        link.put("notificationId", notificationId);
        link.put("providerMessageId", status.get("provider_message_id"));
        if (jdbc.update(SQL.named("link-in-doubt"), link) == 0) {
            return false;
        }
        LOG.info("Notification {} was in doubt: WhatsApp reports its message {} {}, so it was sent", notificationId,
                status.get("provider_message_id"), status.get("status"));
        return true;
    }

    /** Accepted, then not delivered: the notification is FAILED with WhatsApp's code, and a dead letter holds it. */
    private void fail(Map<String, Object> notification, Map<String, Object> status) {
        String code = (String) status.get("error_code");
        String error = errorText(status);
        Map<String, Object> failed = new HashMap<>();
        failed.put("id", notification.get("id"));
        failed.put("code", code);
        failed.put("error", error);
        jdbc.update(SQL.named("fail-notification"), failed);
        Map<String, Object> deadLetter = new HashMap<>();
        deadLetter.put("deadLetterId", UUID.randomUUID().toString());
        deadLetter.put("id", notification.get("id"));
        deadLetter.put("websiteId", notification.get("website_id"));
        deadLetter.put("channel", notification.get("channel"));
        deadLetter.put("templateId", notification.get("template_id"));
        deadLetter.put("destination", notification.get("destination"));
        // kept on SENT notifications for this (NotificationRecords.outcome); older rows have none
        Object request = notification.get("request_json");
        deadLetter.put("requestJson", request == null ? "" : request);
        deadLetter.put("errorCode", code);
        deadLetter.put("lastError", error);
        deadLetter.put("attempts", ((Number) notification.get("attempts")).intValue());
        deadLetter.put("now", Timestamp.from(Instant.now()));
        jdbc.update(ROOT_SQL.named("insert-dead-letter"), deadLetter);
        meters.deadLetters((String) notification.get("channel")).increment();
        LOG.info("Notification {} failed after WhatsApp accepted it: {} {}", notification.get("id"), code, error);
    }

    /** Queued only when the website has a callback URL (the statement selects nothing otherwise). */
    private void enqueueCallback(Map<String, Object> notification, Map<String, Object> status, NotificationStatus next) {
        String callbackId = UUID.randomUUID().toString();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", "notification.status");
        payload.put("callbackId", callbackId);
        payload.put("notificationId", notification.get("id"));
        payload.put("websiteId", notification.get("website_id"));
        payload.put("status", next.name());
        payload.put("providerMessageId", status.get("provider_message_id"));
        payload.put("at", ((Timestamp) status.get("status_at")).toInstant().toString());
        payload.put("destination", notification.get("destination"));
        payload.put("templateId", notification.get("template_id"));
        Map<String, Object> error = null;
        if (next == NotificationStatus.FAILED) {
            error = new LinkedHashMap<>();
            error.put("code", status.get("error_code"));
            error.put("title", status.get("error_title"));
            error.put("details", status.get("error_details"));
        }
        payload.put("error", error);
        Map<String, Object> callback = new HashMap<>();
        callback.put("callbackId", callbackId);
        callback.put("websiteId", notification.get("website_id"));
        callback.put("notificationId", notification.get("id"));
        try {
            callback.put("payload", json.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update(CALLBACK_SQL.named("enqueue"), callback);
    }

    private static String errorText(Map<String, Object> status) {
        Object title = status.get("error_title");
        Object details = status.get("error_details");
        String text = title == null ? (details == null ? "failed" : details.toString())
                : details == null ? title.toString() : title + ": " + details;
        return text.length() > MAX_ERROR_LENGTH ? text.substring(0, MAX_ERROR_LENGTH) : text;
    }
}
