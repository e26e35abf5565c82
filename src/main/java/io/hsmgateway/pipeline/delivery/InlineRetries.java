package io.hsmgateway.pipeline.delivery;

import io.hsmgateway.pipeline.whatsapp.CloudApiCodes;
import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Short retries while the caller waits: a transient blip (one 500, a reset connection) is tried again after
 * a short backoff before the caller is answered, so it gets SUCCESS rather than QUEUED (callers written
 * against the published contract know only SUCCESS, and many resend on anything else). Only what the
 * {@link RetryPolicy} would retry anyway, and only within {@code within} of the first call; what still
 * fails is queued for the retry worker as before. The retry worker's own passes are never retried here.
 *
 * @param attempts calls to make in-line, the first included (1 = no in-line retry)
 * @param backoff  wait before the second call, doubled for each one after it (never less than Retry-After)
 * @param within   no in-line call starts later than this after the first one
 */
public record InlineRetries(int attempts, Duration backoff, Duration within, RetryPolicy policy) {

    public static final String BEAN_NAME = "inlineRetries";

    /** Exchange property: when this pass made its first Cloud API call. */
    public static final String FIRST_CALL_AT = "hsmFirstCallAt";
    /** Exchange property: how long to wait before the next in-line call. */
    public static final String DELAY_MS = "hsmInlineDelayMs";

    private static final Logger LOG = LoggerFactory.getLogger(InlineRetries.class);

    /** Rate limits ask the caller to slow down: they are queued, never hammered in-line. */
    private static final Set<Integer> SLOW_DOWN_CODES = Set.of(CloudApiCodes.RATE_LIMIT, CloudApiCodes.PAIR_RATE_LIMIT);

    /** Counts a Cloud API call of this pass, noting when the first one was made. */
    public void calling(Exchange exchange) {
        exchange.setProperty(Hsm.CALLS, calls(exchange) + 1);
        if (exchange.getProperty(FIRST_CALL_AT) == null) {
            exchange.setProperty(FIRST_CALL_AT, Instant.now());
        }
    }

    /**
     * The call just failed: sets {@link #DELAY_MS} when it is tried again now, else throws the failure (as a
     * {@link ProviderException}) for the error handler to classify, record and answer.
     */
    public void retryNowOrThrow(Exchange exchange) {
        ProviderException failure = CloudApiReplies.callFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        if (!retryNow(exchange, failure)) {
            throw failure;
        }
    }

    private boolean retryNow(Exchange exchange, ProviderException failure) {
        if (exchange.getProperty(Hsm.ATTEMPTS) != null) {
            return false;   // a retry worker's pass: its own policy applies
        }
        int calls = calls(exchange);
        Instant now = Instant.now();
        if (calls >= attempts || failure.kind() == ProviderException.Kind.HELD
                || (failure.providerCode() != null && SLOW_DOWN_CODES.contains(failure.providerCode()))
                || !(policy.decide(failure, calls, now) instanceof RetryPolicy.Retry)) {
            return false;
        }
        Duration delay = backoff.multipliedBy(1L << Math.min(calls - 1, 20));
        if (failure.retryAfter() != null && failure.retryAfter().compareTo(delay) > 0) {
            delay = failure.retryAfter();
        }
        Instant firstCall = exchange.getProperty(FIRST_CALL_AT, Instant.class);
        if (now.plus(delay).isAfter(firstCall.plus(within))) {
            return false;
        }
        LOG.info("Notification {}: call {} failed ({}), trying again in {} ms", exchange.getProperty(Hsm.NOTIFICATION_ID),
                calls, failure.getMessage(), delay.toMillis());
        exchange.setProperty(DELAY_MS, delay.toMillis());
        return true;
    }

    private static int calls(Exchange exchange) {
        return exchange.getProperty(Hsm.CALLS, 0, Integer.class);
    }
}
