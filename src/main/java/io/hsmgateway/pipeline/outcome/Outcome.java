package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;

import io.hsmgateway.pipeline.NotificationRequest;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

import io.hsmgateway.pipeline.whatsapp.CloudApiCodes;

import java.time.Instant;
import java.util.Map;

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

    /** The Cloud API accepted the message: its id (wamid) is the body. */
    public static Outcome accepted(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request, @Body String messageId) {
        return sent(request.getDestination(), messageId);
    }

    public static Outcome of(ApiResponse response, NotificationStatus status, String error) {
        return new Outcome(response, status, null, error, null, false, null);
    }

    /** WhatsApp answered that the template does not exist (132001): the website's account changed. */
    public boolean templateGone() {
        return response.result() instanceof Map<?, ?> result
                && Integer.valueOf(CloudApiCodes.TEMPLATE_NOT_FOUND).equals(result.get("providerCode"));
    }
}
