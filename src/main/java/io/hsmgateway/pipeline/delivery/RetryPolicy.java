package io.hsmgateway.pipeline.delivery;

import io.hsmgateway.pipeline.whatsapp.ProviderException;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What to do when WhatsApp did not take a message, decided on its {@code error.code} (Meta answers the
 * same code with different HTTP statuses), then on the HTTP status. Configured by {@code hsm.delivery.*}.
 */
public record RetryPolicy(
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        boolean resendOnTimeout,
        Duration accountPause,
        Duration pairBackoff,
        Set<Integer> transientCodes,
        Set<Integer> accountCodes,
        int pairRateLimitCode) {

    /** The decision for one failed attempt. */
    public sealed interface Decision {
    }

    /** Try again at {@code at}. */
    public record Retry(Instant at, String reason) implements Decision {
    }

    /** The website's WhatsApp account is failing: hold its sends until {@code until}, this one included. */
    public record PauseWebsite(Instant until, String reason) implements Decision {
    }

    /** Never going to work as it is: a dead letter. */
    public record GiveUp(String reason) implements Decision {
    }

    /** The message may have gone out; resending could send it twice. */
    public record Unknown(String reason) implements Decision {
    }

    /**
     * @param failure  what the attempt ran into
     * @param attempts attempts made so far, this one included
     */
    public Decision decide(ProviderException failure, int attempts, Instant now) {
        Integer code = failure.providerCode();
        String reason = failure.getMessage();
        switch (failure.kind()) {
            case HELD:
                return new Retry(failure.retryAt(), reason);
            case IN_DOUBT:
                // a read timeout, or any other call that wrote the request and got no readable answer
                if (!resendOnTimeout) {
                    return new Unknown(reason);
                }
                break;
            case UNREACHABLE:
                break;
            case REPLY:
                if (code != null && accountCodes.contains(code)) {
                    return new PauseWebsite(now.plus(accountPause), reason);
                }
                if (code != null && code == pairRateLimitCode) {
                    return attempts >= maxAttempts ? new GiveUp(reason) : new Retry(now.plus(pairBackoff), reason);
                }
                // a listed code is transient whatever the status; otherwise a 5xx is, and any other 4xx is not
                if (!(code != null && transientCodes.contains(code)) && failure.httpStatus() < 500) {
                    return new GiveUp(reason);
                }
                break;
            default:
                throw new IllegalStateException("Unknown failure kind " + failure.kind());
        }
        if (attempts >= maxAttempts) {
            return new GiveUp(reason + " (after " + attempts + " attempts)");
        }
        return new Retry(now.plus(backoff(attempts, failure.retryAfter())), reason);
    }

    /**
     * Exponential with jitter (half to full of the step), never sooner than the server's Retry-After, nor later than
     * {@code maxBackoff} whatever Retry-After says.
     */
    Duration backoff(int attempts, Duration retryAfter) {
        Duration jittered = exponentialBackoff(attempts, initialBackoff, maxBackoff);
        if (retryAfter == null || retryAfter.compareTo(jittered) <= 0) {
            return jittered;
        }
        return retryAfter.compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter;
    }

    /**
     * The wait after the given number of failed attempts: {@code initial} doubled at each attempt, at most {@code max},
     * then jittered to half to full of that step, so senders that failed together do not come back together.
     * Shared with the status callbacks' retries.
     */
    public static Duration exponentialBackoff(int attempts, Duration initial, Duration max) {
        long step = initial.toMillis() << Math.min(attempts - 1, 20);
        long capped = Math.min(step, max.toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }
}
