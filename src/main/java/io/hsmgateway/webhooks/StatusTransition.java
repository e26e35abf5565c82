package io.hsmgateway.webhooks;

import io.hsmgateway.pipeline.outcome.NotificationStatus;

import java.util.Map;

/**
 * Where a WhatsApp status takes a notification. Statuses arrive in any order and more than once, so they only ever
 * move it forward: SENT, then DELIVERED, then READ (a late {@code delivered} never overwrites READ). A {@code failed}
 * makes a notification not known to have arrived (SENT, or PENDING/UNKNOWN) FAILED; it never overrides DELIVERED or
 * READ, and nothing changes a FAILED one. Notifications the pipeline still owns (RETRYING, SENDING) or never sent
 * (REJECTED) are left alone.
 */
final class StatusTransition {

    /** How far along a message is; statuses missing here are not moved by WhatsApp's statuses. */
    private static final Map<NotificationStatus, Integer> RANK = Map.of(
            NotificationStatus.PENDING, 0,
            NotificationStatus.UNKNOWN, 0,
            NotificationStatus.SENT, 1,
            NotificationStatus.DELIVERED, 2,
            NotificationStatus.READ, 3);

    private StatusTransition() {
    }

    /** @param whatsappStatus sent, delivered, read or failed; @return the new status (the current one if unchanged) */
    static NotificationStatus next(NotificationStatus current, String whatsappStatus) {
        Integer rank = RANK.get(current);
        if (rank == null) {
            return current;
        }
        NotificationStatus reported = switch (whatsappStatus) {
            case "sent" -> NotificationStatus.SENT;
            case "delivered" -> NotificationStatus.DELIVERED;
            case "read" -> NotificationStatus.READ;
            case "failed" -> NotificationStatus.FAILED;
            default -> current;
        };
        if (reported == NotificationStatus.FAILED) {
            return rank <= RANK.get(NotificationStatus.SENT) ? NotificationStatus.FAILED : current;
        }
        Integer reportedRank = RANK.get(reported);
        return reportedRank != null && reportedRank > rank ? reported : current;
    }
}
