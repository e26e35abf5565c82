package io.hsmgateway.callbacks;

import io.hsmgateway.Hsm;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.delivery.RetryPolicy;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The database side of the callbacks' delivery: which callbacks are due, the claim that makes one node send each
 * attempt, and what an attempt leaves: DELIVERED; DUE again after an exponential backoff with jitter (the
 * deliveries' {@link RetryPolicy#exponentialBackoff}); or DEAD after the last attempt, the callbacks' own dead
 * letters, replayable through the admin API. Each outcome is counted ({@code hsm_callbacks_total}); a dead one is
 * logged, with the reason in our words (never the secret, the URL or the payload).
 */
public class CallbackQueue {

    public static final String BEAN_NAME = "callbackQueue";

    private static final Logger LOG = LoggerFactory.getLogger(CallbackQueue.class);

    private final CallbackSettings settings;
    private final GatewayMeters meters;

    public CallbackQueue(CallbackSettings settings, GatewayMeters meters) {
        this.settings = settings;
        this.meters = meters;
    }

    public Map<String, Object> dueParameters() {
        return Map.of("now", Timestamp.from(Instant.now()));
    }

    public Map<String, Object> staleParameters() {
        return Map.of("staleBefore", Timestamp.from(Instant.now().minus(settings.staleAfter())));
    }

    /** A due row as found by the poll, with a fresh claim token. */
    public DueCallback due(@Body Map<String, Object> row) {
        return DueCallback.of(row);
    }

    public Map<String, Object> claimParameters(@ExchangeProperty(Hsm.CALLBACK) DueCallback callback) {
        return Map.of("id", callback.id(), "token", callback.token(), "attempts", callback.attempts(),
                "now", Timestamp.from(Instant.now()));
    }

    /** What the attempt leaves in the row: the parameters of {@code sql/callbacks/record.sql}. */
    public Map<String, Object> recordParameters(@ExchangeProperty(Hsm.CALLBACK) DueCallback callback,
                                                @ExchangeProperty(Hsm.CALLBACK_ATTEMPT) CallbackAttempt attempt) {
        int attempts = callback.attempts() + 1;
        Instant now = Instant.now();
        Map<String, Object> params = new HashMap<>();
        params.put("id", callback.id());
        params.put("token", callback.token());
        params.put("attempts", attempts);
        params.put("lastError", attempt.error());
        params.put("nextAttemptAt", Timestamp.from(now));
        if (attempt.delivered()) {
            params.put("state", "DELIVERED");
            meters.callbacks("delivered").increment();
        } else if (attempts >= settings.maxAttempts()) {
            params.put("state", "DEAD");
            params.put("lastError", attempt.error() + " (after " + attempts + " attempts)");
            meters.callbacks("dead").increment();
            LOG.warn("Status callback {} of website {} not delivered after {} attempts, now dead: {}",
                    callback.id(), callback.websiteId(), attempts, attempt.error());
        } else {
            Instant next = now.plus(RetryPolicy.exponentialBackoff(attempts, settings.initialBackoff(), settings.maxBackoff()));
            params.put("state", "DUE");
            params.put("nextAttemptAt", Timestamp.from(next));
            meters.callbacks("retry").increment();
            LOG.debug("Status callback {} of website {} not delivered (attempt {} of {}), next at {}: {}",
                    callback.id(), callback.websiteId(), attempts, settings.maxAttempts(), next, attempt.error());
        }
        return params;
    }
}
