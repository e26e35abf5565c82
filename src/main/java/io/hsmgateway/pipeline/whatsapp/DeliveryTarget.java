package io.hsmgateway.pipeline.whatsapp;

import java.time.Instant;

/**
 * Where and as whom a website's messages go: its WhatsApp phone number id and access token, until when
 * its sends are paused (null: not paused), and its own messages-per-second limit (null: the default).
 * The token is held as stored (encrypted, see {@code AccessTokenCipher}): it is decrypted only where the
 * Authorization header is built ({@link CloudApiReplies#authorization}). It never appears in {@link #toString()}.
 */
public record DeliveryTarget(String phoneNumberId, String storedAccessToken, Instant pausedUntil, Integer throttlePerSecond) {

    public boolean pausedAt(Instant now) {
        return pausedUntil != null && pausedUntil.isAfter(now);
    }

    @Override
    public String toString() {
        return "DeliveryTarget[phoneNumberId=" + phoneNumberId + ", pausedUntil=" + pausedUntil + "]";
    }
}
