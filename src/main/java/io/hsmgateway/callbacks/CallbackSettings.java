package io.hsmgateway.callbacks;

import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.config.StartupFailure;

import java.time.Duration;

/**
 * The status callbacks' configuration ({@code hsm.callbacks.*}), read and checked once at start-up like
 * {@link io.hsmgateway.config.GatewaySettings}: a bad value stops the gateway with one line naming its key.
 *
 * @param allowPrivateHosts the media links' rule, {@code hsm.media.allow-private-hosts}: callback URLs follow it too
 */
public record CallbackSettings(
        long pollMs,
        Duration timeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration staleAfter,
        int concurrency,
        boolean allowPrivateHosts) {

    public static CallbackSettings load(SettingsReader p) {
        Duration timeout = Duration.ofMillis(p.positive("hsm.callbacks.timeout-ms"));
        Duration staleAfter = Duration.ofSeconds(p.wholeNumber("hsm.callbacks.stale-after-seconds"));
        // a row is taken back from its node only once its POST must have ended, however slow the receiver
        if (staleAfter.compareTo(timeout) <= 0) {
            throw new StartupFailure("hsm.callbacks.stale-after-seconds=" + staleAfter.toSeconds()
                    + ": expected more than hsm.callbacks.timeout-ms (" + timeout.toMillis() + " ms)");
        }
        return new CallbackSettings(
                p.positive("hsm.callbacks.poll-ms"),
                timeout,
                p.positive("hsm.callbacks.max-attempts"),
                Duration.ofMillis(p.wholeNumber("hsm.callbacks.backoff-initial-ms")),
                Duration.ofMillis(p.wholeNumber("hsm.callbacks.backoff-max-ms")),
                staleAfter,
                p.positive("hsm.callbacks.concurrency"),
                p.flag("hsm.media.allow-private-hosts"));
    }
}
