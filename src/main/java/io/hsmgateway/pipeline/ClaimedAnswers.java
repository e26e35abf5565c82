package io.hsmgateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.pipeline.outcome.NotificationStatus;
import io.hsmgateway.storage.ProcessLease;

import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to a repeated idempotency key whose first answer was never stored (its process died after recording the
 * notification): what became of the notification, from its row. Sent (with its id), in doubt (its call had begun when
 * its process died), queued (it is sent again), or not sent (with the reason); never "still being processed" unless a
 * live process is processing it.
 */
final class ClaimedAnswers {

    static final String STOPPED_MID_CALL = "the gateway stopped during the Cloud API call";
    static final String STOPPED_BEFORE_CALL = "the gateway stopped before the Cloud API call: it is sent again";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ClaimedAnswers() {
    }

    /** @return the answer's JSON, or null when a live process is still sending the notification */
    static String of(String notificationId, Map<String, Object> row, ProcessLease lease) throws InterruptedException {
        NotificationStatus status = NotificationStatus.valueOf((String) row.get("status"));
        ApiResponse answer = switch (status) {
            case PENDING, SENDING -> {
                String owner = (String) row.get("owner");
                if (owner != null && !lease.awaitLapse(owner)) {
                    yield null;
                }
                yield row.get("called_at") != null || row.get("owner") == null
                        ? inDoubt(STOPPED_MID_CALL)
                        : ApiResponse.of(ApiCode.QUEUED, queued(STOPPED_BEFORE_CALL, Instant.now()));
            }
            case SENT, DELIVERED, READ -> ApiResponse.of(ApiCode.SUCCESS, "HSM notification sent to " + row.get("destination") + ".");
            case UNKNOWN -> inDoubt(String.valueOf(row.get("error")));
            case RETRYING -> ApiResponse.of(ApiCode.QUEUED, queued((String) row.get("error"), instant(row.get("next_attempt_at"))));
            case FAILED -> ApiResponse.of(ApiCode.PROVIDER_ERROR, failure((String) row.get("error")));
            case REJECTED -> rejected((String) row.get("code"), (String) row.get("error"));
        };
        if (answer == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(answer.withNotificationId(notificationId));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiResponse inDoubt(String reason) {
        return ApiResponse.of(ApiCode.PROVIDER_TIMEOUT, Map.of("reason", reason));
    }

    private static ApiResponse rejected(String code, String error) {
        try {
            return ApiResponse.of(ApiCode.valueOf(code), error == null || error.equals(code) ? null : Map.of("reason", error));
        } catch (IllegalArgumentException | NullPointerException unknownCode) {
            return null;
        }
    }

    private static Map<String, Object> failure(String error) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("providerCode", null);
        result.put("providerMessage", error);
        result.put("providerStatus", null);
        return result;
    }

    private static Map<String, Object> queued(String error, Instant nextAttemptAt) {
        Map<String, Object> result = failure(error);
        result.put("nextAttemptAt", (nextAttemptAt == null ? Instant.now() : nextAttemptAt).toString());
        return result;
    }

    private static Instant instant(Object timestamp) {
        return timestamp instanceof Timestamp t ? t.toInstant() : null;
    }
}
