package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;

/** How a notification ended: the answer for its caller and what is recorded for it. */
public record Outcome(ApiResponse response, NotificationStatus status, String providerMessageId, String error) {

    public static Outcome sent(String destination, String providerMessageId) {
        return new Outcome(ApiResponse.of(ApiCode.SUCCESS, "HSM notification sent to " + destination + "."),
                NotificationStatus.SENT, providerMessageId, null);
    }
}
