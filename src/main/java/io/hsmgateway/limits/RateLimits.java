package io.hsmgateway.limits;

import java.time.Duration;

/**
 * Counts "N per second" limits (messages per WhatsApp number, requests per API key) for the whole cluster when a
 * shared store is configured ({@link SharedBuckets}), else on this node ({@link LocalBuckets}). A call the shared
 * store fails is counted on this node instead, and the store is asked again later ({@link StoreOutage}): a store that
 * is down makes the limits per node for a while, it never stops notifications.
 */
public final class RateLimits {

    public static final String BEAN_NAME = "rateLimits";

    private final SharedBuckets shared;
    private final LocalBuckets local = new LocalBuckets();
    private final StoreOutage outage;

    private RateLimits(SharedBuckets shared, Duration retryAfter, Duration warnEvery) {
        this.shared = shared;
        this.outage = shared == null ? null : new StoreOutage(shared.store(), retryAfter, warnEvery);
    }

    /** Limits of this node alone. */
    public static RateLimits local() {
        return new RateLimits(null, Duration.ZERO, Duration.ZERO);
    }

    /**
     * @param retryAfter while the store does not answer, how long the node counts on its own before asking it again
     * @param warnEvery  while the store does not answer, the WARN is repeated at most this often
     */
    public static RateLimits shared(SharedBuckets shared, Duration retryAfter, Duration warnEvery) {
        return new RateLimits(shared, retryAfter, warnEvery);
    }

    /** Where the limits are counted, for the log: "PostgreSQL", "Redis" or "this node". */
    public String store() {
        return shared == null ? "this node" : shared.store();
    }

    /**
     * Takes a token of {@code key}'s bucket, waiting on this thread until it is this caller's turn: one round trip to
     * the store reserves the token (so callers on every node queue in one line; the same reservation Bucket4j's
     * BlockingBucket makes before it parks), then the thread sleeps its share. No wait is refused, as Camel's throttle
     * before it refused none.
     */
    public void await(String key, int perSecond) throws InterruptedException {
        if (shared != null && outage.tryShared()) {
            long waitNanos;
            try {
                waitNanos = shared.reserve(key, perSecond);
                outage.answered();
            } catch (RuntimeException failure) {
                outage.failed(failure);
                waitNanos = reserveLocally(key, perSecond);
            }
            sleep(waitNanos);
            return;
        }
        sleep(reserveLocally(key, perSecond));
    }

    /** Takes a token of {@code key}'s bucket if there is one now; false: over the limit. */
    public boolean tryTake(String key, int perSecond) {
        if (shared != null && outage.tryShared()) {
            try {
                boolean taken = shared.tryTake(key, perSecond);
                outage.answered();
                return taken;
            } catch (RuntimeException failure) {
                outage.failed(failure);
            }
        }
        if (shared != null) {
            outage.countedLocally();
        }
        return local.bucket(key, perSecond).tryConsume(1);
    }

    private long reserveLocally(String key, int perSecond) {
        if (shared != null) {
            outage.countedLocally();
        }
        // as SharedBuckets.reserve: the token taken whatever the wait, and the nanoseconds until it is this caller's
        return local.bucket(key, perSecond).consumeIgnoringRateLimits(1);
    }

    private static void sleep(long nanos) throws InterruptedException {
        if (nanos > 0) {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        }
    }
}
