package io.hsmgateway.pipeline.outcome;

/** Where a notification stands; stored in {@code notifications.status}. */
public enum NotificationStatus {
    /** Recorded and about to be handed to the Cloud API. */
    PENDING,
    /** WhatsApp did not take it yet; the retry worker tries again at next_attempt_at. */
    RETRYING,
    /** Claimed by a node's retry worker, which is calling the Cloud API. */
    SENDING,
    /** Accepted by the Cloud API, which gave it a message id. */
    SENT,
    /** WhatsApp reported it delivered to the recipient's phone (status webhook). */
    DELIVERED,
    /** WhatsApp reported it read by the recipient (status webhook; only if the recipient sends read receipts). */
    READ,
    /** Not sent and not going to be as it is: the Cloud API refused it, or accepted it and then reported it could not
     * deliver it (status webhook {@code failed}); a dead letter holds it. */
    FAILED,
    /** The request reached the Cloud API and no readable answer came back: it may have been sent. Never resent blindly. */
    UNKNOWN,
    /** Refused before anything was sent (body, template, media). */
    REJECTED
}
