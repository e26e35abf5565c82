package io.hsmgateway.webhooks;

import io.hsmgateway.config.SettingsReader;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Duration;

/**
 * The WhatsApp webhook's keys (defaults in {@code config/application.properties}), read and checked at start-up.
 *
 * @param verifyToken     hsm.whatsapp.webhook.verify-token: what Meta's verification request must present; empty:
 *                        every handshake is refused
 * @param appSecret       hsm.whatsapp.app-secret: the Meta app's secret that signs every webhook POST; empty:
 *                        every POST is refused
 * @param applyPollMs     hsm.whatsapp.webhook.apply-poll-ms: how often each node looks for statuses not applied yet
 * @param unmatchedAfter  hsm.whatsapp.webhook.unmatched-after-seconds: how long a status may wait for its message id
 *                        to be recorded before it is set aside as UNMATCHED
 */
public record WebhookSettings(String verifyToken, String appSecret, long applyPollMs, Duration unmatchedAfter) {

    public static WebhookSettings load(PropertiesComponent properties) {
        SettingsReader p = new SettingsReader(properties);
        return new WebhookSettings(
                p.text("hsm.whatsapp.webhook.verify-token"),
                p.text("hsm.whatsapp.app-secret"),
                p.positive("hsm.whatsapp.webhook.apply-poll-ms"),
                Duration.ofSeconds(p.wholeNumber("hsm.whatsapp.webhook.unmatched-after-seconds")));
    }

    /** These settings with another app secret (sandbox mode makes one up). */
    public WebhookSettings withAppSecret(String secret) {
        return new WebhookSettings(verifyToken, secret, applyPollMs, unmatchedAfter);
    }

    /** The secrets never appear in the record's string form (logs, exceptions, debuggers). */
    @Override
    public String toString() {
        return "WebhookSettings[verifyToken=" + (verifyToken.isEmpty() ? "" : "********") + ", appSecret="
                + (appSecret.isEmpty() ? "" : "********") + ", applyPollMs=" + applyPollMs + ", unmatchedAfter="
                + unmatchedAfter + "]";
    }
}
