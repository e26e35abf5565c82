package io.hsmgateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.distributed.proxy.ProxyManager;

import java.time.Duration;

/**
 * Buckets kept in a store every node shares (Bucket4j's PostgreSQL or Redis integration): a node's handle to a bucket
 * holds nothing of its state, and each use of it is one round trip to the store. A bucket is named by its key and
 * its limit, so a limit that changes (a website's own throttle, a number slowed down after 130429) is counted in a
 * bucket of its own: no configuration is ever replaced under nodes that still use the old one.
 */
public final class SharedBuckets {

    private final String store;
    private final ProxyManager<String> proxies;
    private final String prefix;
    private final Cache<String, Bucket> handles = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

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

    /** The bucket counting {@code key} at {@code perSecond} for the whole cluster (created in the store on first use). */
    public Bucket bucket(String key, int perSecond) {
        String name = prefix + key + "@" + perSecond;
        // no Bucket4j optimization (batching, delaying): batching failed new buckets with BucketNotFoundException in
        // 8.14.0 under concurrent first use (seen in bench/lib/LimitCost.java), and over-consumed tokens before 8.13
        // (bucket4j issue 501)
        return handles.get(name, n -> proxies.builder().build(n, () -> PerSecond.bucket(perSecond)));
    }
}
