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
    /** Not sent and not going to be as it is: the Cloud API refused it; a dead letter holds it. */
    FAILED,
    /** The Cloud API did not answer in time: it may have been sent. Never resent blindly. */
    UNKNOWN,
    /** Refused before anything was sent (body, template, media). */
    REJECTED
}
