package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import org.apache.camel.Exchange;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** SQL parameters for a notification's status record, its dead letter and its website's pause. */
public class NotificationRecords {

    public static final String BEAN_NAME = "notificationRecords";

    private static final int MAX_ERROR_LENGTH = 1000;

    /** The row written the moment the notification is handed to the Cloud API: PENDING, its call begun, this process's. */
    public Map<String, Object> handedOver(Exchange exchange, String owner) {
        Map<String, Object> row = identity(exchange);
        row.put("status", NotificationStatus.PENDING.name());
        row.put("code", null);
        row.put("providerMessageId", null);
        row.put("error", null);
        row.put("attempted", 0);
        row.put("nextAttemptAt", null);
        // what an UNKNOWN row needs, should this process die mid-call (hsm.delivery.unresolved-doubt-*)
        row.put("payload", exchange.getProperty(Hsm.PAYLOAD_JSON, String.class));
        row.put("requestJson", exchange.getProperty(Hsm.REQUEST_JSON, String.class));
        row.put("owner", owner);
        row.put("calledAt", timestamp(Instant.now()));
        return row;
    }

    /** An in-line retry waits: what a resume needs, should this process die meanwhile. */
    public Map<String, Object> waiting(Exchange exchange) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        row.put("payload", exchange.getProperty(Hsm.PAYLOAD_JSON, String.class));
        row.put("requestJson", exchange.getProperty(Hsm.REQUEST_JSON, String.class));
        return row;
    }

    public Map<String, Object> outcome(Exchange exchange) {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        boolean retrying = outcome.status() == NotificationStatus.RETRYING;
        Map<String, Object> row = identity(exchange);
        row.put("status", outcome.status().name());
        row.put("code", outcome.response().code());
        row.put("providerMessageId", outcome.providerMessageId());
        row.put("error", truncate(outcome.error()));
        row.put("attempted", calls(exchange));
        row.put("nextAttemptAt", timestamp(outcome.nextAttemptAt()));
        // the Cloud API message is kept only while a retry needs it; the request also once it is SENT: WhatsApp may
        // still report it failed (status webhook), and its dead letter must carry the request to be replayed
        boolean sent = outcome.status() == NotificationStatus.SENT;
        // in doubt: kept for the policy that settles doubt no status resolved (hsm.delivery.unresolved-doubt-*)
        boolean inDoubt = outcome.status() == NotificationStatus.UNKNOWN;
        row.put("payload", retrying || inDoubt ? exchange.getProperty(Hsm.PAYLOAD_JSON, String.class) : null);
        row.put("requestJson", retrying || sent || inDoubt ? exchange.getProperty(Hsm.REQUEST_JSON, String.class) : null);
        row.put("owner", null);
        row.put("calledAt", null);
        return row;
    }

    public Map<String, Object> deadLetter(Exchange exchange) {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        Map<String, Object> row = identity(exchange);
        row.put("deadLetterId", UUID.randomUUID().toString());
        row.put("requestJson", exchange.getProperty(Hsm.REQUEST_JSON, "", String.class));
        row.put("errorCode", outcome.response().code());
        row.put("lastError", truncate(outcome.error()));
        row.put("attempts", exchange.getProperty(Hsm.ATTEMPTS, 0, Integer.class) + calls(exchange));
        row.put("now", timestamp(Instant.now()));
        return row;
    }

    public Map<String, Object> websitePause(Exchange exchange) {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        Map<String, Object> row = new HashMap<>();
        row.put("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        row.put("until", timestamp(outcome.pauseWebsiteUntil()));
        row.put("reason", truncate(outcome.error()));
        return row;
    }

    /** Cloud API calls made in this pass. */
    private static int calls(Exchange exchange) {
        return exchange.getProperty(Hsm.CALLS, 0, Integer.class);
    }

    private static Map<String, Object> identity(Exchange exchange) {
        NotificationRequest request = exchange.getProperty(Hsm.REQUEST, NotificationRequest.class);
        Map<String, Object> row = new HashMap<>();
        row.put("id", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        row.put("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        row.put("channel", exchange.getProperty(Hsm.CHANNEL, "unknown", String.class));
        row.put("templateId", request == null ? null : request.getTemplateId());
        row.put("destination", request == null ? null : request.getDestination());
        row.put("key", exchange.getProperty(Hsm.IDEMPOTENCY_KEY, String.class));
        return row;
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String truncate(String error) {
        return error != null && error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error;
    }
}
