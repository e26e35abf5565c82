package io.hsmgateway.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;

import java.time.Duration;

/**
 * Buckets in this process's memory: the limits of a node alone (the embedded H2, hsm.limits.shared=false), and
 * what a node counts on while the shared store does not answer.
 */
public final class LocalBuckets {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

    /** The bucket counting {@code key} at {@code perSecond} (a key whose limit changed gets a bucket of its own). */
    public Bucket bucket(String key, int perSecond) {
        return buckets.get(key + "@" + perSecond, k -> Bucket.builder().addLimit(PerSecond.limit(perSecond)).build());
    }
}
