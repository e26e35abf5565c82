package io.hsmgateway.config;

import io.hsmgateway.pipeline.whatsapp.CloudApiCodes;
import io.hsmgateway.pipeline.delivery.InlineRetries;
import io.hsmgateway.pipeline.delivery.RetryPolicy;
import io.hsmgateway.pipeline.RequestSizeLimit;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import io.hsmgateway.pipeline.media.MediaRule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The gateway's own configuration ({@code hsm.*} keys), read once at start-up. Every key has its default
 * in {@code config/application.properties}; -Dkey=value and the upper-snake environment variable
 * (HSM_HTTP_PORT for hsm.http.port) override it. Every number and true/false key is read here, with its
 * type, before anything starts: a bad value stops the gateway with one line naming the key.
 */
public record GatewaySettings(
        int httpPort,
        int managementPort,
        int httpWorkerThreads,
        long httpIdleTimeoutMs,
        long restAnswerWithinMs,
        int requestMaxBytes,
        int restRateLimitPerKey,
        int throttlePerNumber,
        long throttleSlowDownSeconds,
        Limits limits,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        int dbWriters,
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
        long deliveryStaleAfterSeconds,
        long cacheTtlMs,
        int cacheMaxEntries) {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySettings.class);

    public static GatewaySettings load(PropertiesComponent properties) {
        SettingsReader p = new SettingsReader(properties);
        checkDoorKeys(p);
        RetryPolicy retryPolicy = new RetryPolicy(
                p.positive("hsm.delivery.max-attempts"),
                Duration.ofMillis(p.wholeNumber("hsm.delivery.backoff-initial-ms")),
                Duration.ofMillis(p.wholeNumber("hsm.delivery.backoff-max-ms")),
                p.flag("hsm.delivery.resend-on-timeout"),
                Duration.ofSeconds(p.wholeNumber("hsm.delivery.account-pause-seconds")),
                Duration.ofMillis(p.wholeNumber("hsm.delivery.pair-backoff-ms")),
                p.codes("hsm.delivery.transient-codes"),
                p.codes("hsm.delivery.account-codes"),
                CloudApiCodes.PAIR_RATE_LIMIT);
        long answerWithinMs = p.wholeNumber("hsm.rest.answer-within-ms");
        // in-line retries keep to half the caller's wait, so the answer itself still comes in time
        long inlineWithinMs = Math.min(p.wholeNumber("hsm.delivery.inline-within-ms"), answerWithinMs / 2);
        int httpPort = p.port("hsm.http.port");
        int managementPort = p.port("hsm.management.port");
        if (managementPort == httpPort) {
            throw new StartupFailure("hsm.management.port=" + managementPort + ": expected a port other than hsm.http.port's");
        }
        ManagementExposure.check(p);
        // a connection waiting for its answer is idle too: the timeout must not cut an answer that is on time
        long idleTimeoutMs = p.positive("hsm.http.idle-timeout-ms");
        if (idleTimeoutMs <= answerWithinMs) {
            throw new StartupFailure("hsm.http.idle-timeout-ms=" + idleTimeoutMs
                    + ": expected more than hsm.rest.answer-within-ms (" + answerWithinMs + ")");
        }
        int workerThreads = p.positive("hsm.http.worker-threads");
        // a probe holds its caller's thread while it runs: probes never take more than half of them
        int mediaProbeThreads = Math.max(1, Math.min(p.positive("hsm.media.probe-threads"), workerThreads / 2));
        warnWhenAHangingCallOutlastsTheAnswer(answerWithinMs, p.wholeNumber("hsm.media.probe-timeout-ms"), inlineWithinMs,
                p.wholeNumber("hsm.whatsapp.connect-timeout-ms"), p.wholeNumber("hsm.whatsapp.response-timeout-ms"));
        int requestMaxBytes = p.positive("hsm.request.max-bytes");
        if (requestMaxBytes > RequestSizeLimit.STORABLE_BYTES) {
            throw new StartupFailure("hsm.request.max-bytes=" + requestMaxBytes + ": expected at most "
                    + RequestSizeLimit.STORABLE_BYTES + " (what the database keeps of a request)");
        }
        return new GatewaySettings(
                httpPort,
                managementPort,
                workerThreads,
                idleTimeoutMs,
                answerWithinMs,
                requestMaxBytes,
                p.count("hsm.rest.rate-limit.per-key"),
                p.count("hsm.throttle.per-number"),
                p.wholeNumber("hsm.throttle.slow-down-seconds"),
                new Limits(
                        p.flag("hsm.limits.shared"),
                        p.text("hsm.limits.redis-url").strip(),
                        p.text("hsm.limits.key-prefix"),
                        p.positive("hsm.limits.timeout-ms"),
                        p.positive("hsm.limits.db-pool-size"),
                        p.positive("hsm.limits.store-retry-ms"),
                        p.positive("hsm.limits.warn-every-seconds")),
                p.text("hsm.db.url"),
                p.text("hsm.db.user"),
                p.text("hsm.db.password"),
                p.positive("hsm.db.pool-size"),
                p.positive("hsm.db.writers"),
                p.text("hsm.admin.token"),
                trimTrailingSlash(p.text("hsm.whatsapp.base-url")),
                p.text("hsm.whatsapp.api-version"),
                p.wholeNumber("hsm.whatsapp.connect-timeout-ms"),
                p.wholeNumber("hsm.whatsapp.response-timeout-ms"),
                p.positive("hsm.whatsapp.max-connections"),
                p.flag("hsm.media.allow-private-hosts"),
                p.wholeNumber("hsm.media.probe-timeout-ms"),
                p.wholeNumber("hsm.media.probe-cache-seconds"),
                mediaProbeThreads,
                readMediaRule(p, "image"),
                readMediaRule(p, "video"),
                readMediaRule(p, "document"),
                retryPolicy,
                new InlineRetries(
                        p.positive("hsm.delivery.inline-attempts"),
                        Duration.ofMillis(p.wholeNumber("hsm.delivery.inline-backoff-ms")),
                        Duration.ofMillis(inlineWithinMs),
                        retryPolicy),
                p.positive("hsm.delivery.poll-ms"),
                p.wholeNumber("hsm.delivery.stale-after-seconds"),
                p.wholeNumber("hsm.cache.ttl-ms"),
                p.positive("hsm.cache.max-entries"));
    }

    /**
     * A caller waits at most answer-within-ms. The longest a notification's own steps can take when the Cloud API
     * hangs is the media probe, the in-line retries (the last call starts within inline-within-ms of the first), that
     * call's connect and its response timeout: when the answer deadline is not longer, such a caller gets IN_PROGRESS,
     * never the PROVIDER_TIMEOUT the call ends with. Allowed (a caller may prefer a quick IN_PROGRESS), but said.
     */
    static void warnWhenAHangingCallOutlastsTheAnswer(long answerWithinMs, long probeTimeoutMs, long inlineWithinMs,
                                                      long connectTimeoutMs, long responseTimeoutMs) {
        long longestCallMs = probeTimeoutMs + inlineWithinMs + connectTimeoutMs + responseTimeoutMs;
        if (answerWithinMs <= longestCallMs) {
            LOG.warn("hsm.rest.answer-within-ms={} is not more than hsm.media.probe-timeout-ms + hsm.delivery.inline-within-ms"
                    + " + hsm.whatsapp.connect-timeout-ms + hsm.whatsapp.response-timeout-ms ({} ms): a REST caller whose"
                    + " Cloud API call hangs is answered IN_PROGRESS (202), not PROVIDER_TIMEOUT (504)",
                    answerWithinMs, longestCallMs);
        }
    }

    /**
     * Keys that only fill placeholders (in camel.* keys and the YAML doors) or are read by a door's own
     * settings: checked here too, so a bad value names its key instead of a Camel option or a bare exception.
     */
    private static void checkDoorKeys(SettingsReader p) {
        p.positive("hsm.inbox.poll-delay-ms");
        p.wholeNumber("hsm.inbox.stable-ms");
        p.flag("hsm.sftp.enabled");
        p.port("hsm.sftp.port");
        p.positive("hsm.sftp.poll-delay-ms");
        p.wholeNumber("hsm.sftp.stable-ms");
        p.flag("hsm.sftp.strict-host-key-checking");
        p.flag("hsm.jms.enabled");
        p.positive("hsm.jms.concurrent-consumers");
        p.positive("hsm.jms.max-delivery-attempts");
    }

    /**
     * Where the per-number and per-key limits are counted (hsm.limits.*): shared by every node in Redis (a URL) or
     * else in the PostgreSQL database, or, when not shared or on H2, by each node alone.
     */
    public record Limits(boolean shared, String redisUrl, String keyPrefix, long timeoutMs, int dbPoolSize, long storeRetryMs,
                         long warnEverySeconds) {
    }

    /** The database is a PostgreSQL server (else the embedded H2). */
    public boolean postgres() {
        return dbUrl.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }

    /** No Cloud API address configured: deliver to the built-in sandbox. */
    public boolean sandbox() {
        return whatsappBaseUrl.isEmpty();
    }

    public boolean adminEnabled() {
        return !adminToken.isEmpty();
    }

    private static String trimTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static MediaRule readMediaRule(SettingsReader p, String type) {
        List<String> mimeTypes = Arrays.stream(p.required("hsm.media." + type + ".mime-types").split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT))
                .filter(s -> !s.isEmpty())
                .toList();
        return new MediaRule(mimeTypes, p.wholeNumber("hsm.media." + type + ".max-size"));
    }
}
