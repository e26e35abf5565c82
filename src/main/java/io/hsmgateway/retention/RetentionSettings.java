package io.hsmgateway.retention;

import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.config.StartupFailure;
import io.hsmgateway.pipeline.IdempotencyKeys;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * How long each kind of row is kept ({@code hsm.retention.*}), read and checked once at start-up like
 * {@link io.hsmgateway.config.GatewaySettings}: a bad value stops the gateway with one line naming its key.
 *
 * @param intervalMs          how often a node tries to purge (0: never); the node that holds the lease purges
 * @param batchSize           rows per DELETE statement
 * @param batchPause          pause after each statement, so the hot path's statements are never queued behind ours
 * @param notifications       a finished notification (not PENDING, RETRYING, SENDING; no dead letter left), with its
 *                            request, statuses and callbacks, after this long since it was created
 * @param idempotencyKeys     an idempotency key after this long (never less than its 24-hour window)
 * @param deadLetters         a replayed dead letter after this long since its replay (one not replayed is kept)
 * @param deliveredCallbacks  a DELIVERED status callback after this long since it was delivered
 * @param unmatchedStatuses   a WhatsApp status no notification had (UNMATCHED) after this long since it came
 * @param dropLedger          a drop-folder ledger entry after this long: the window in which a re-dropped file is
 *                            recognised and its records reported DUPLICATE
 */
public record RetentionSettings(
        long intervalMs,
        int batchSize,
        Duration batchPause,
        Duration notifications,
        Duration idempotencyKeys,
        Duration deadLetters,
        Duration deliveredCallbacks,
        Duration unmatchedStatuses,
        Duration dropLedger) {

    public static RetentionSettings load(SettingsReader p) {
        Duration idempotencyKeys = Duration.ofHours(p.wholeNumber("hsm.retention.idempotency-keys-hours"));
        if (idempotencyKeys.compareTo(IdempotencyKeys.TTL) < 0) {
            throw new StartupFailure("hsm.retention.idempotency-keys-hours=" + idempotencyKeys.toHours()
                    + ": expected " + IdempotencyKeys.TTL.toHours() + " or more (a key answers repeats for "
                    + IdempotencyKeys.TTL.toHours() + " hours)");
        }
        Duration notifications = days(p, "hsm.retention.notifications-days");
        // a key names its notification: while the key answers, its notification must still be there to answer with
        if (notifications.compareTo(idempotencyKeys) < 0) {
            throw new StartupFailure("hsm.retention.notifications-days=" + p.text("hsm.retention.notifications-days")
                    + ": expected at least hsm.retention.idempotency-keys-hours (" + idempotencyKeys.toHours() + " hours)");
        }
        return new RetentionSettings(
                p.wholeNumber("hsm.retention.interval-ms"),
                p.positive("hsm.retention.batch-size"),
                Duration.ofMillis(p.wholeNumber("hsm.retention.batch-pause-ms")),
                notifications,
                idempotencyKeys,
                days(p, "hsm.retention.dead-letters-days"),
                days(p, "hsm.retention.delivered-callbacks-days"),
                days(p, "hsm.retention.unmatched-statuses-days"),
                days(p, "hsm.retention.drop-ledger-days"));
    }

    public boolean enabled() {
        return intervalMs > 0;
    }

    /** A number of days, more than 0; fractions allowed ({@code 0.5} is 12 hours), to the millisecond. */
    static Duration days(SettingsReader p, String key) {
        String value = p.required(key);
        BigDecimal days;
        try {
            days = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new StartupFailure(key + "=" + value + ": expected a number of days (0.5 is 12 hours)");
        }
        long millis = days.multiply(BigDecimal.valueOf(Duration.ofDays(1).toMillis())).longValue();
        if (days.signum() <= 0 || millis < 1 || days.compareTo(BigDecimal.valueOf(100_000)) > 0) {
            throw new StartupFailure(key + "=" + value + ": expected a number of days, more than 0 and at most 100000");
        }
        return Duration.ofMillis(millis);
    }
}
