package io.hsmgateway.admin;

import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;

import java.util.Map;

/**
 * A single replay of a dead letter replayed already (admin API): ALREADY_REPLAYED (409), saying when and as which
 * notification, with the dead letter as the result; nothing was sent. {@code again=true} replays it once more.
 */
class AlreadyReplayed extends RejectedException {

    AlreadyReplayed(Map<String, Object> deadLetter) {
        super(ApiResponse.of(ApiCode.ALREADY_REPLAYED, description(deadLetter), deadLetter));
    }

    private static String description(Map<String, Object> deadLetter) {
        Object notificationId = deadLetter.get("replayNotificationId");
        Object code = deadLetter.get("replayCode");
        return "Dead letter " + deadLetter.get("id") + " was replayed at " + deadLetter.get("replayedAt")
                + (notificationId == null ? " (no notification was recorded)" : " as notification " + notificationId)
                + " (" + (code == null ? "no answer recorded" : code) + "); nothing was sent: add "
                + AdminApi.AGAIN + "=true to replay it once more";
    }
}
