package io.hsmgateway.config;

import io.hsmgateway.delivery.InlineRetries;
import io.hsmgateway.delivery.RetryPolicy;
import org.apache.camel.spi.PropertiesComponent;

import java.time.Duration;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's own configuration ({@code hsm.*} keys), read once at start-up. Every key has its default
 * in {@code config/application.properties}; -Dkey=value and the upper-snake environment variable
 * (HSM_HTTP_PORT for hsm.http.port) override it.
 */
public record GatewaySettings(
        int httpPort,
        int httpWorkerThreads,
        long restAnswerWithinMs,
        int requestMaxBytes,
        int restRateLimitPerKey,
        int throttlePerNumber,
        long throttleSlowDownSeconds,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String adminToken,
        String whatsappBaseUrl,
        String whatsappApiVersion,
        long whatsappConnectTimeoutMs,
        long whatsappResponseTimeoutMs,
        int whatsappMaxConnections,
        boolean allowPrivateMediaHosts,
        long mediaProbeTimeoutMs,
        long mediaProbeCacheSeconds,
        int mediaProbeThreads,
        MediaRule image,
        MediaRule video,
        MediaRule document,
        RetryPolicy retryPolicy,
        InlineRetries inlineRetries,
        long deliveryPollMs,
        long deliveryStaleAfterSeconds) {

    /** Meta's error code for "too many messages to this recipient" (pair rate limit). */
    public static final int PAIR_RATE_LIMIT_CODE = 131056;

    /** Path of the built-in WhatsApp sandbox's endpoints. */
    public static final String SANDBOX_PATH = "/sandbox/whatsapp";

    /** Allowed mimetypes (lower case, in the order they are reported) and maximum size of one media type. */
    public record MediaRule(List<String> mimeTypes, long maxFileSize) {
    }

    public static GatewaySettings load(PropertiesComponent properties) {
        Reader p = new Reader(properties);
        RetryPolicy retryPolicy = new RetryPolicy(
                p.integer("hsm.delivery.max-attempts"),
                Duration.ofMillis(p.number("hsm.delivery.backoff-initial-ms")),
                Duration.ofMillis(p.number("hsm.delivery.backoff-max-ms")),
                Boolean.parseBoolean(p.text("hsm.delivery.resend-on-timeout")),
                Duration.ofSeconds(p.number("hsm.delivery.account-pause-seconds")),
                Duration.ofMillis(p.number("hsm.delivery.pair-backoff-ms")),
                RetryPolicy.codes(p.text("hsm.delivery.transient-codes")),
                RetryPolicy.codes(p.text("hsm.delivery.account-codes")),
                PAIR_RATE_LIMIT_CODE);
        long answerWithinMs = p.number("hsm.rest.answer-within-ms");
        // in-line retries keep to half the caller's wait, so the answer itself still comes in time
        long inlineWithinMs = Math.min(p.number("hsm.delivery.inline-within-ms"), answerWithinMs / 2);
        int workerThreads = p.integer("hsm.http.worker-threads");
        // a probe holds its caller's thread while it runs: probes never take more than half of them
        int mediaProbeThreads = Math.max(1, Math.min(p.integer("hsm.media.probe-threads"), workerThreads / 2));
        return new GatewaySettings(
                p.integer("hsm.http.port"),
                workerThreads,
                answerWithinMs,
                p.integer("hsm.request.max-bytes"),
                p.integer("hsm.rest.rate-limit.per-key"),
                p.integer("hsm.throttle.per-number"),
                p.number("hsm.throttle.slow-down-seconds"),
                p.text("hsm.db.url"),
                p.text("hsm.db.user"),
                p.text("hsm.db.password"),
                p.text("hsm.admin.token"),
                trimTrailingSlash(p.text("hsm.whatsapp.base-url")),
                p.text("hsm.whatsapp.api-version"),
                p.number("hsm.whatsapp.connect-timeout-ms"),
                p.number("hsm.whatsapp.response-timeout-ms"),
                p.integer("hsm.whatsapp.max-connections"),
                Boolean.parseBoolean(p.text("hsm.media.allow-private-hosts")),
                p.number("hsm.media.probe-timeout-ms"),
                p.number("hsm.media.probe-cache-seconds"),
                mediaProbeThreads,
                p.mediaRule("image"),
                p.mediaRule("video"),
                p.mediaRule("document"),
                retryPolicy,
                new InlineRetries(
                        p.integer("hsm.delivery.inline-attempts"),
                        Duration.ofMillis(p.number("hsm.delivery.inline-backoff-ms")),
                        Duration.ofMillis(inlineWithinMs),
                        retryPolicy),
                p.number("hsm.delivery.poll-ms"),
                p.number("hsm.delivery.stale-after-seconds"));
    }

    /** No Cloud API address configured: deliver to the built-in sandbox. */
    public boolean sandbox() {
        return whatsappBaseUrl.isEmpty();
    }

    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    public MediaRule mediaRule(String templateType) {
        return switch (templateType) {
            case "IMAGE" -> image;
            case "VIDEO" -> video;
            case "DOCUMENT" -> document;
            default -> throw new IllegalArgumentException("No media for template type " + templateType);
        };
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private record Reader(PropertiesComponent properties) {
        String text(String key) {
            return properties.resolveProperty(key).map(String::trim).orElse("");
        }

        long number(String key) {
            return Long.parseLong(required(key));
        }

        int integer(String key) {
            return Integer.parseInt(required(key));
        }

        MediaRule mediaRule(String type) {
            List<String> mimeTypes = Arrays.stream(required("hsm.media." + type + ".mime-types").split(","))
                    .map(s -> s.trim().toLowerCase(Locale.ROOT))
                    .filter(s -> !s.isEmpty())
                    .toList();
            return new MediaRule(mimeTypes, number("hsm.media." + type + ".max-size"));
        }

        private String required(String key) {
            String value = text(key);
            if (value.isEmpty()) {
                throw new IllegalStateException("Configuration key " + key + " is required");
            }
            return value;
        }
    }
}
