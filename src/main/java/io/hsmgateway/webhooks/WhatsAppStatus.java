package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One entry of a webhook's {@code statuses[]}: WhatsApp's message id (wamid), the status, WhatsApp's time (epoch
 * seconds, sent as a string), and for {@code failed} the first error's code, title and details
 * ({@code error_data.details}, else {@code message}), and the {@code biz_opaque_callback_data} the message was sent
 * with (the gateway's notification id). Conversation and pricing data are not kept.
 */
public record WhatsAppStatus(String providerMessageId, String status, Instant at, String errorCode,
                             String errorTitle, String errorDetails, String callbackData) {

    /** Before WhatsApp existed: a status time this early is not one WhatsApp sent. */
    static final Instant EARLIEST = Instant.parse("2009-01-01T00:00:00Z");
    /** Clocks differ, but not by a day: a status time further ahead of ours is not one WhatsApp sent. */
    static final java.time.Duration LATEST_AHEAD = java.time.Duration.ofDays(1);

    /**
     * Whether WhatsApp could have sent this time: between {@link #EARLIEST} and a day past {@code now}. Outside it
     * (31556889864403199 seconds was stored as the year -169108098) the status is refused and counted, not stored.
     */
    boolean plausibleAt(Instant now) {
        return !at.isBefore(EARLIEST) && !at.isAfter(now.plus(LATEST_AHEAD));
    }

    /** The statuses that move a notification; others (e.g. {@code deleted}) are ignored. */
    static final Set<String> KNOWN = Set.of("sent", "delivered", "read", "failed");

    /** The status, or nothing when the entry lacks what a status needs or is of a kind we do not apply. */
    static Optional<WhatsAppStatus> of(JsonNode entry) {
        String id = entry.path("id").asText("");
        String status = entry.path("status").asText("");
        Instant at = epochSeconds(entry.path("timestamp"));
        if (id.isEmpty() || id.length() > 128 || !KNOWN.contains(status) || at == null) {
            return Optional.empty();
        }
        JsonNode error = entry.path("errors").path(0);
        String code = text(error.path("code"), 32);
        String title = text(error.path("title"), 200);
        JsonNode details = error.path("error_data").path("details");
        String detail = text(details.isMissingNode() ? error.path("message") : details, 1000);
        return Optional.of(new WhatsAppStatus(id, status, at, code, title, detail,
                text(entry.path("biz_opaque_callback_data"), 512)));
    }

    private static Instant epochSeconds(JsonNode timestamp) {
        try {
            return timestamp.isNumber() || timestamp.isTextual() ? Instant.ofEpochSecond(Long.parseLong(timestamp.asText())) : null;
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }

    /** A value as text, cut to its column's size; null when absent. */
    private static String text(JsonNode value, int max) {
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.length() > max ? text.substring(0, max) : text;
    }
}
