package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;

import java.time.Instant;

/**
 * How a notification's pass through the pipeline ended: the answer for its caller, and what is recorded
 * (status, WhatsApp's message id, the error, when to try again, whether it becomes a dead letter, whether
 * its website is paused).
 */
public record Outcome(
        ApiResponse response,
        NotificationStatus status,
        String providerMessageId,
        String error,
        Instant nextAttemptAt,
        boolean deadLetter,
        Instant pauseWebsiteUntil) {

    public static Outcome sent(String destination, String providerMessageId) {
        return new Outcome(ApiResponse.of(ApiCode.SUCCESS, "HSM notification sent to " + destination + "."),
                NotificationStatus.SENT, providerMessageId, null, null, false, null);
    }

    public static Outcome of(ApiResponse response, NotificationStatus status, String error) {
        return new Outcome(response, status, null, error, null, false, null);
    }
}
