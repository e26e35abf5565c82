package io.hsmgateway.pipeline.delivery;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.auth.ApiKeys;
import io.hsmgateway.cluster.ClusterNotices;
import io.hsmgateway.limits.RateLimits;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.whatsapp.DeliveryTarget;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import org.apache.camel.ExchangeProperty;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Messages per second per WhatsApp phone number ({@code hsm.throttle.per-number}, or the website's own
 * limit), halved for a while after WhatsApp answers 130429 for that number; a number→recipient pair held
 * back for a while after 131056 (that recipient only); and the REST requests per
 * second per API key. The two rates are counted by {@link RateLimits}: for the whole cluster when the nodes share a
 * store. A slow-down or a held pair is what WhatsApp answered one node: it tells the others ({@link ClusterNotices}),
 * which hold the number or the recipient back as well.
 */
public class ThroughputLimits implements ClusterNotices.Listener {

    public static final String BEAN_NAME = "throughputLimits";
    static final String NUMBER_SLOWED = "number-slowed";
    static final String PAIR_HELD = "pair-held";

    private final int perNumber;
    private final int perKey;
    private final RateLimits counted;
    private final ClusterNotices notices;
    private final Cache<String, Boolean> slowedNumbers;
    private final Duration pairBackoff;
    /** number→recipient pairs WhatsApp said to slow down (131056), with when they may be sent to again */
    private final Cache<String, Instant> heldPairs;

    /** Limits counted on this node alone. */
    public ThroughputLimits(int perNumber, int perKey, Duration slowDownFor, Duration pairBackoff) {
        this(perNumber, perKey, slowDownFor, pairBackoff, RateLimits.local(), ClusterNotices.SINGLE_NODE);
    }

    public ThroughputLimits(int perNumber, int perKey, Duration slowDownFor, Duration pairBackoff, RateLimits counted,
                            ClusterNotices notices) {
        this.perNumber = perNumber;
        this.perKey = perKey;
        this.counted = counted;
        this.notices = notices;
        notices.listen(this);
        this.slowedNumbers = Caffeine.newBuilder().expireAfterWrite(slowDownFor).maximumSize(100_000).build();
        this.pairBackoff = pairBackoff;
        this.heldPairs = Caffeine.newBuilder().expireAfterWrite(pairBackoff).maximumSize(100_000).build();
    }

    /**
     * WhatsApp's pair rate limit (131056): this number's messages to this recipient wait, on every node; others go on.
     */
    public void backOffPair(String phoneNumberId, String recipient) {
        Instant until = Instant.now().plus(pairBackoff);
        heldPairs.put(pair(phoneNumberId, recipient), until);
        notices.tell(ClusterNotices.Notice.of(PAIR_HELD, phoneNumberId, recipient, String.valueOf(until.toEpochMilli())));
    }

    /** Holds a message to a recipient being backed off, without calling WhatsApp. */
    public void checkPair(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target,
                          @ExchangeProperty(Hsm.REQUEST) NotificationRequest request) {
        Instant until = heldPairs.getIfPresent(pair(target.phoneNumberId(), request.getDestination()));
        if (until != null && until.isAfter(Instant.now())) {
            throw ProviderException.held(until, "pair rate limit: this recipient is being backed off");
        }
    }

    public boolean numberLimited(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target) {
        return perSecond(target) > 0;
    }

    public int perSecond(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target) {
        int limit = target.throttlePerSecond() != null ? target.throttlePerSecond() : perNumber;
        return limit > 0 && slowedNumbers.getIfPresent(target.phoneNumberId()) != null ? Math.max(1, limit / 2) : limit;
    }

    /** Waits, on this thread, for the number's next turn (its limit counted for every node that shares the store). */
    public void awaitNumber(@ExchangeProperty(Hsm.TARGET) DeliveryTarget target) throws InterruptedException {
        counted.await("number:" + target.phoneNumberId(), perSecond(target));
    }

    /** WhatsApp said this number sends too fast: every node halves its rate. */
    public void slowDown(String phoneNumberId) {
        slowedNumbers.put(phoneNumberId, Boolean.TRUE);
        notices.tell(ClusterNotices.Notice.of(NUMBER_SLOWED, phoneNumberId));
    }

    /** Another node got a 130429 or a 131056. */
    @Override
    public void heard(ClusterNotices.Notice notice) {
        switch (notice.kind()) {
            case NUMBER_SLOWED -> slowedNumbers.put(notice.value(0), Boolean.TRUE);
            case PAIR_HELD -> heldPairs.put(pair(notice.value(0), notice.value(1)),
                    Instant.ofEpochMilli(Long.parseLong(notice.value(2))));
            default -> {
                // another listener's notice
            }
        }
    }

    /** A slow-down missed is only a 130429 more: nothing cached here becomes wrong. */
    @Override
    public void mayHaveMissed() {
    }

    private static String pair(String phoneNumberId, String recipient) {
        return phoneNumberId + ">" + recipient;
    }

    /** Requests per second per API key are limited for callers over HTTP (doors that know the client's address). */
    public boolean keyLimited(@ExchangeProperty(Hsm.CLIENT_ADDRESS) String clientAddress) {
        return perKey > 0 && clientAddress != null;
    }

    /**
     * Refuses a request over its API key's rate: RATE_LIMITED (429). Keys are counted by their hash: no API key is
     * kept in memory (or in the store) longer than its request.
     */
    public void admitKey(@ExchangeProperty(Hsm.API_KEY) String apiKey) {
        String key = "key:" + (apiKey == null ? "" : ApiKeys.hash(apiKey));
        if (!counted.tryTake(key, perKey)) {
            throw new RejectedException(ApiCode.RATE_LIMITED, Map.of("limitPerSecond", perKey));
        }
    }
}
