package io.hsmgateway.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Wrong api keys, counted per client address (for doors that know one: {@link Hsm#CLIENT_ADDRESS}). The REST
 * door's per-key rate limit counts only keys that authenticate, so made-up keys cannot dodge it by rotating, nor
 * fill memory with counters; an address with more wrong keys in the last second than that limit is answered
 * RATE_LIMITED before its key is even looked up.
 */
public class FailedAuthentications {

    public static final String BEAN_NAME = "failedAuthentications";

    private final int perSecond;
    private final Cache<String, AtomicInteger> failures = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(1))
            .maximumSize(100_000)
            .build();

    /** @param perSecond wrong keys allowed per address per second; 0 = not counted */
    public FailedAuthentications(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Refuses an address over its limit; a door that knows no address, or a limit of 0, is never refused. */
    public void checkAddress(@ExchangeProperty(Hsm.CLIENT_ADDRESS) String address) {
        AtomicInteger failed = address == null || perSecond == 0 ? null : failures.getIfPresent(address);
        if (failed != null && failed.get() >= perSecond) {
            throw new RejectedException(ApiCode.RATE_LIMITED, Map.of("limitPerSecond", perSecond));
        }
    }

    void failed(String address) {
        if (perSecond > 0 && address != null) {
            failures.get(address, any -> new AtomicInteger()).incrementAndGet();
        }
    }
}
