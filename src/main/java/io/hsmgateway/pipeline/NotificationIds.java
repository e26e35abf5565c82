package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import org.apache.camel.ExchangeProperty;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Notification ids: UUIDs of version 7 (RFC 9562), which begin with the time in milliseconds. Rows written one
 * after another land side by side in the primary key's index, so a commit rewrites one of its pages rather than
 * one page per row (a random UUID's). The id grants nothing by itself (reading a status needs the website's key),
 * so its random part need not come from a secure generator, whose lock the callers would queue for.
 */
public final class NotificationIds {

    private NotificationIds() {
    }

    /** The id its caller already announced (the REST door, before its wait starts), else a new one. */
    public static String assign(@ExchangeProperty(Hsm.NOTIFICATION_ID) String announced) {
        return announced != null ? announced : newId();
    }

    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long unixMillis = System.currentTimeMillis();
        long high = (unixMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);                 // time, version 7, rand_a
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;        // variant 10, rand_b
        return new UUID(high, low).toString();
    }
}
