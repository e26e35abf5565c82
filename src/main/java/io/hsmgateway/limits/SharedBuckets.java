package io.hsmgateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Buckets kept in a store every node shares (Bucket4j's PostgreSQL or Redis integration): a node's handle to a bucket
 * holds nothing of its state, and each use of it is one round trip to the store. A bucket is named by its key and
 * its limit, so a limit that changes (a website's own throttle, a number slowed down after 130429) is counted in a
 * bucket of its own: no configuration is ever replaced under nodes that still use the old one.
 * <p>
 * A node's callers use a bucket one at a time (a lock per bucket, here): on Redis, Bucket4j's compare-and-swap would
 * otherwise fail and retry for every caller of the node that raced another on a hot number, and on PostgreSQL each
 * would hold a pooled connection while it waits on the row's lock. One round trip is well under a millisecond, so a
 * bucket still counts thousands a second per node, far above any WhatsApp number's limit. A caller that waited
 * {@link #QUEUE_FOR} for its turn gives up as if the store had not answered ({@link RateLimits} counts it on the node).
 */
public final class SharedBuckets {

    static final Duration QUEUE_FOR = Duration.ofSeconds(1);

    private final String store;
    private final ProxyManager<String> proxies;
    private final String prefix;
    private final Cache<String, Handle> handles = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    private record Handle(Bucket bucket, ReentrantLock turn) {
    }

    /**
     * @param store  what the buckets are kept in, for the log ("PostgreSQL", "Redis")
     * @param prefix put before every bucket's name (hsm.limits.key-prefix): gateways of different clusters may share a store
     */
    public SharedBuckets(String store, ProxyManager<String> proxies, String prefix) {
        this.store = store;
        this.proxies = proxies;
        this.prefix = prefix;
    }

    public String store() {
        return store;
    }

    /**
     * Takes a token of the bucket counting {@code key} at {@code perSecond} for the whole cluster, whatever the wait,
     * and answers the nanoseconds until it is the caller's own (the balance may go below zero: callers on every node
     * queue in one line). The bucket is created in the store on first use.
     */
    public long reserve(String key, int perSecond) {
        return inTurn(key, perSecond, bucket -> bucket.consumeIgnoringRateLimits(1));
    }

    /** Takes a token if there is one now; false: over the limit. */
    public boolean tryTake(String key, int perSecond) {
        return inTurn(key, perSecond, bucket -> bucket.tryConsume(1));
    }

    private <T> T inTurn(String key, int perSecond, Function<Bucket, T> use) {
        String name = prefix + key + "@" + perSecond;
        // no Bucket4j optimization (batching, delaying): batching failed new buckets with BucketNotFoundException in
        // 8.14.0 under concurrent first use (seen with bench/lib/LimitCost.java), and over-consumed tokens before 8.13
        // (bucket4j issue 501); the lock above does what batching was for
        Handle handle = handles.get(name, n -> new Handle(proxies.builder().build(n, () -> PerSecond.bucket(perSecond)),
                new ReentrantLock()));
        boolean mine;
        try {
            mine = handle.turn().tryLock(QUEUE_FOR.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bucket " + name, e);
        }
        if (!mine) {
            throw new IllegalStateException("no turn at the bucket " + name + " within " + QUEUE_FOR.toMillis() + " ms");
        }
        try {
            return use.apply(handle.bucket());
        } finally {
            handle.turn().unlock();
        }
    }
}
