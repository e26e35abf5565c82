package io.hsmgateway.retries;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.storage.ProcessLease;
import org.apache.camel.Exchange;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The database side of retries: which queued notifications are due, claiming one so that only one node
 * sends it, and putting a claimed row back into the shape the pipeline's attempt step expects.
 */
public class RetryQueue {

    public static final String BEAN_NAME = "retryQueue";

    private final Duration staleAfter;
    private final ProcessLease lease;

    /**
     * @param staleAfter how long a PENDING or SENDING row may stay so before its sender is presumed dead, whatever its
     *                   lease says (rows of gateways from before leases)
     */
    public RetryQueue(Duration staleAfter, ProcessLease lease) {
        this.staleAfter = staleAfter;
        this.lease = lease;
    }

    public Map<String, Object> dueParameters() {
        return Map.of("now", Timestamp.from(Instant.now()));
    }

    /** Rows of processes that are gone: their leases lapsed before {@code lapsedBefore} (or they are stale). */
    public Map<String, Object> staleParameters() {
        Instant now = Instant.now();
        return Map.of("staleBefore", Timestamp.from(now.minus(staleAfter)), "lapsedBefore", Timestamp.from(lease.lapsedBefore()),
                "now", Timestamp.from(now));
    }

    /** Sets the pipeline's properties from a due row; the body becomes the claim's parameters. */
    public Map<String, Object> restore(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, Object> row = exchange.getMessage().getBody(Map.class);
        exchange.setProperty(Hsm.NOTIFICATION_ID, row.get("id"));
        exchange.setProperty(Hsm.WEBSITE_ID, row.get("website_id"));
        exchange.setProperty(Hsm.CHANNEL, row.get("channel"));
        exchange.setProperty(Hsm.AUTHENTICATED, true);
        exchange.setProperty(Hsm.RECORDED, true);
        exchange.setProperty(Hsm.ATTEMPTS, ((Number) row.get("attempts")).intValue());
        exchange.setProperty(Hsm.PAYLOAD_JSON, row.get("payload"));
        exchange.setProperty(Hsm.REQUEST_JSON, row.get("request_json"));
        exchange.setProperty(Hsm.REQUEST, new NotificationRequest((String) row.get("template_id"),
                (String) row.get("destination"), Map.of(), null, null, null));
        exchange.setProperty(Hsm.TARGET, new DeliveryTarget((String) row.get("phone_number_id"),
                (String) row.get("access_token"), null, (Integer) row.get("throttle_per_second")));
        return Map.of("id", row.get("id"), "token", UUID.randomUUID().toString(), "owner", lease.id());
    }
}
