package io.hsmgateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Buckets kept in a store every node shares (Bucket4j's PostgreSQL or Redis integration): a node's handle to a bucket
 * holds nothing of its state, and each use of it is a round trip to the store. A bucket is named by its key and
 * its limit, so a limit that changes (a website's own throttle, a number slowed down after 130429) is counted in a
 * bucket of its own: no configuration is ever replaced under nodes that still use the old one.
 * <p>
 * A node's callers of one bucket are counted together: whoever finds the bucket free takes every caller waiting for it
 * in one round trip ({@code consumeIgnoringRateLimits(k)}, {@code tryConsumeAsMuchAsPossible(k)}) and hands each its
 * share, while the callers arriving meanwhile gather for the next one. So a hot number costs a round trip per batch, not
 * per message (on one bucket at a time they would queue one round trip each: half of a node's REST rate, measured with
 * bench/run), there is one caller of a bucket in flight per node (Bucket4j's Redis compare-and-swap does not race
 * itself, PostgreSQL callers do not hold pooled connections on the row's lock), and the count is exactly the count of
 * one caller at a time. A caller not served within {@link #QUEUE_FOR} gives up as if the store had not answered
 * ({@link RateLimits} counts it on the node).
 */
public final class SharedBuckets {

    static final Duration QUEUE_FOR = Duration.ofSeconds(1);

    private final String store;
    private final ProxyManager<String> proxies;
    private final String prefix;
    private final Cache<String, Handle> handles = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    /** A bucket, its turn, and the callers gathered for its next round trip. */
    private record Handle(Bucket bucket, long nanosPerToken, ReentrantLock turn, Queue<Waiting> gathered) {
    }

    /** A caller's share of a round trip: nanoseconds to wait (reserve), 0 or -1 (tryTake: taken or not). */
    private static final class Waiting extends CompletableFuture<Long> {
    }

    private interface RoundTrip {
        /** Counts {@code callers} callers in one round trip and completes each one's share. */
        void count(Handle handle, List<Waiting> callers);
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
        return gathered(key, perSecond, SharedBuckets::reserveAll);
    }

    /** Takes a token if there is one now; false: over the limit. */
    public boolean tryTake(String key, int perSecond) {
        return gathered(key, perSecond, SharedBuckets::takeWhatThereIs) == 0;
    }

    /** k tokens whatever the wait: the last one's penalty, and each earlier caller a token's time less. */
    private static void reserveAll(Handle handle, List<Waiting> callers) {
        int k = callers.size();
        long untilLast = handle.bucket().consumeIgnoringRateLimits(k);
        for (int i = 0; i < k; i++) {
            callers.get(i).complete(Math.max(0, untilLast - (k - 1 - i) * handle.nanosPerToken()));
        }
    }

    /** As many of k tokens as there are now: the first callers get one, the others none. */
    private static void takeWhatThereIs(Handle handle, List<Waiting> callers) {
        long taken = handle.bucket().tryConsumeAsMuchAsPossible(callers.size());
        for (int i = 0; i < callers.size(); i++) {
            callers.get(i).complete(i < taken ? 0L : -1L);
        }
    }

    private long gathered(String key, int perSecond, RoundTrip roundTrip) {
        // no Bucket4j optimization (batching, delaying): batching failed new buckets with BucketNotFoundException in
        // 8.14.0 under concurrent first use (seen with bench/lib/LimitCost.java), and over-consumed tokens before 8.13
        // (bucket4j issue 501); gathering the callers here does what batching was for
        String name = prefix + key + "@" + perSecond;
        Handle handle = handles.get(name, n -> new Handle(proxies.builder().build(n, () -> PerSecond.bucket(perSecond)),
                TimeUnit.SECONDS.toNanos(1) / perSecond, new ReentrantLock(), new ConcurrentLinkedQueue<>()));
        Waiting mine = new Waiting();
        handle.gathered().add(mine);
        long deadline = System.nanoTime() + QUEUE_FOR.toNanos();
        try {
            while (!mine.isDone()) {
                if (!handle.turn().tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                    handle.gathered().remove(mine);
                    throw new IllegalStateException("no turn at the bucket " + name + " within " + QUEUE_FOR.toMillis() + " ms");
                }
                try {
                    if (!mine.isDone()) {
                        countGathered(handle, roundTrip);
                    }
                } finally {
                    handle.turn().unlock();
                }
            }
            return mine.join();
        } catch (InterruptedException e) {
            handle.gathered().remove(mine);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the bucket " + name, e);
        } catch (CompletionException failed) {
            throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
        }
    }

    /** Under the bucket's turn: every caller gathered so far (this one among them), in one round trip. */
    private static void countGathered(Handle handle, RoundTrip roundTrip) {
        List<Waiting> callers = new ArrayList<>();
        for (Waiting next; (next = handle.gathered().poll()) != null; ) {
            callers.add(next);
        }
        if (callers.isEmpty()) {
            return;
        }
        try {
            roundTrip.count(handle, callers);
        } catch (RuntimeException failed) {
            callers.forEach(caller -> caller.completeExceptionally(failed));
        }
    }
}
