package io.hsmgateway.retries;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
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

    /** @param staleAfter how long a PENDING or SENDING row may stay so before its sender is presumed dead */
    public RetryQueue(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    public Map<String, Object> dueParameters() {
        return Map.of("now", Timestamp.from(Instant.now()));
    }

    public Map<String, Object> staleParameters() {
        return Map.of("staleBefore", Timestamp.from(Instant.now().minus(staleAfter)));
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
        return Map.of("id", row.get("id"), "token", UUID.randomUUID().toString());
    }
}
