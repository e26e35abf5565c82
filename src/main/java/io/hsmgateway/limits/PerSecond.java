package io.hsmgateway.limits;

import io.github.bucket4j.BandwidthBuilder.BandwidthBuilderBuildStage;
import io.github.bucket4j.BandwidthBuilder.BandwidthBuilderCapacityStage;
import io.github.bucket4j.BucketConfiguration;

import java.time.Duration;
import java.util.function.Function;

/**
 * The one shape of every limit here, "N per second": a bucket of N tokens, refilled greedily at N a second (a token
 * every 1/N s, not N at once each second).
 * <p>
 * Why greedy: after the first second, a greedy bucket lets through at most N·T + 1 messages in any T seconds, spaced
 * evenly, so "N per second over 30 s" holds within 4 % (N·30 + N at most, the N being the full bucket it starts
 * with) and any single second sees at most N + 1 after the first. An interval refill (N added at once every second)
 * lets 2N through in the second that straddles a refill: what WhatsApp counts as too fast.
 */
public final class PerSecond {

    private PerSecond() {
    }

    /** @param perSecond more than 0 */
    public static Function<BandwidthBuilderCapacityStage, BandwidthBuilderBuildStage> limit(int perSecond) {
        return limit -> limit.capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1));
    }

    /** A shared bucket's configuration (kept with its state in the store). */
    public static BucketConfiguration bucket(int perSecond) {
        return BucketConfiguration.builder().addLimit(limit(perSecond)).build();
    }
}
