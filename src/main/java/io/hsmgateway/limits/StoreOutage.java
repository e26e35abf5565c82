package io.hsmgateway.limits;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether the shared store answers, as its callers found. Once a call failed, the node counts on its own (a WARN,
 * repeated at most every {@code warnEvery} while it lasts) and asks the store again only every {@code retryAfter},
 * one caller at a time, so an unreachable store (a connection timeout) costs one caller's wait per retry, not every
 * notification's. The first answer after that: shared counting again (INFO).
 */
final class StoreOutage {

    private static final Logger LOG = LoggerFactory.getLogger(RateLimits.class);

    private final String store;
    private final long retryAfterNanos;
    private final long warnEveryNanos;
    private final AtomicBoolean probing = new AtomicBoolean();
    /** counted on this node since the outage began */
    private final AtomicLong countedLocally = new AtomicLong();
    private volatile boolean down;
    private long downSince;
    private long lastWarned;
    private volatile long nextTry;

    StoreOutage(String store, Duration retryAfter, Duration warnEvery) {
        this.store = store;
        this.retryAfterNanos = retryAfter.toNanos();
        this.warnEveryNanos = warnEvery.toNanos();
    }

    /** May this caller use the shared store? Always while it answers; during an outage, one caller per retry interval. */
    boolean tryShared() {
        if (!down) {
            return true;
        }
        return System.nanoTime() - nextTry >= 0 && probing.compareAndSet(false, true);
    }

    /** The store answered this caller. */
    void answered() {
        if (down) {
            synchronized (this) {
                if (down) {
                    down = false;
                    LOG.info("Rate limits: {} answers again; limits are counted for the whole cluster again (after {} s,"
                            + " {} counted on this node alone)", store, Duration.ofNanos(System.nanoTime() - downSince).toSeconds(),
                            countedLocally.getAndSet(0));
                }
            }
        }
        probing.set(false);
    }

    /** The store failed this caller, who counts on this node instead. */
    void failed(RuntimeException failure) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!down) {
                down = true;
                downSince = now;
                lastWarned = now;
                LOG.warn("Rate limits: {} does not answer ({}); each node counts its own limits until it does (a number"
                        + " may get up to N times its rate with N nodes)", store, describe(failure));
            } else if (now - lastWarned >= warnEveryNanos) {
                lastWarned = now;
                LOG.warn("Rate limits: {} still does not answer ({}), for {} s; {} counted on this node alone so far",
                        store, describe(failure), Duration.ofNanos(now - downSince).toSeconds(), countedLocally.get());
            }
            nextTry = now + retryAfterNanos;
        }
        probing.set(false);
    }

    /** A caller counted on this node (the store was down, or not asked during the outage). */
    void countedLocally() {
        countedLocally.incrementAndGet();
    }

    boolean down() {
        return down;
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? String.valueOf(failure) : failure + ", caused by " + root;
    }
}
