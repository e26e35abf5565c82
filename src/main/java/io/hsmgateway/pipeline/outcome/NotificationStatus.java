package io.hsmgateway.pipeline.outcome;

/** Where a notification stands; stored in {@code notifications.status}. */
public enum NotificationStatus {
    /** Recorded and about to be handed to the Cloud API. */
    PENDING,
    /** Accepted by the Cloud API, which gave it a message id. */
    SENT,
    /** Not sent: the Cloud API refused it or could not be reached. */
    FAILED,
    /** The Cloud API did not answer in time: it may have been sent. Never resent blindly. */
    UNKNOWN,
    /** Refused before anything was sent (body, template, media). */
    REJECTED
}
