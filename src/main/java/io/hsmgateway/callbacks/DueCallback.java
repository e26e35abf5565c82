package io.hsmgateway.callbacks;

import java.util.Map;
import java.util.UUID;

/**
 * A queued status callback as the poll found it, with the claim this node will try to make on it.
 *
 * @param storedSecret the website's callback secret as stored (encrypted)
 * @param token        this node's claim: only its holder records the attempt
 */
public record DueCallback(String id, String websiteId, String payload, int attempts, String url, String storedSecret,
                          String token) {

    static DueCallback of(Map<String, Object> row) {
        return new DueCallback((String) row.get("id"), (String) row.get("website_id"), (String) row.get("payload"),
                ((Number) row.get("attempts")).intValue(), (String) row.get("callback_url"),
                (String) row.get("callback_secret"), UUID.randomUUID().toString());
    }

    /** Without the secret (encrypted as it is), the URL (it may carry a token of the website's) or the payload. */
    @Override
    public String toString() {
        return "DueCallback[id=" + id + ", websiteId=" + websiteId + ", attempts=" + attempts + "]";
    }
}
