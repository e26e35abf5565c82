package io.hsmgateway.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own meters, served with the JVM's, the pool's and Camel's at {@code /observe/metrics} on the
 * management port. Owns every name (Micrometer's dotted names; Prometheus shows {@code hsm.notifications} as
 * {@code hsm_notifications_total}, a timer {@code hsm.cloudapi.requests} as {@code hsm_cloudapi_requests_seconds})
 * and builds each meter once: a tag combination is looked up in the registry the first time it occurs and kept
 * here, so a notification costs a few map reads and increments, never a registry lookup with tag lists.
 * <p>
 * It knows nothing of the pipeline: the pipeline's steps reach it through {@code pipeline.PipelineMeters} (the
 * answer, once per notification; around the Cloud API call and the per-number throttle; a dead letter inserted),
 * the media probe at each probe and cache read, the webhooks and callbacks with their results. A sent notification costs five bean calls here, two timer records, one counter increment and one map
 * read; Camel's own per-route meters stay off for that reason ({@code camel.metrics.enable-route-policy}).
 */
public class GatewayMeters {

    public static final String BEAN_NAME = "gatewayMeters";

    // --- names (Micrometer's; the Prometheus name in each comment) ---
    /**
     * hsm_notifications_total{channel, type, code}: notifications answered by the pipeline (what came in by a door or
     * entered the pipeline; admin API and webhook refusals have meters of their own).
     */
    public static final String NOTIFICATIONS = "hsm.notifications";
    /** hsm_cloudapi_requests_seconds{outcome}: Cloud API calls, in-line retries and the retry worker's included. */
    public static final String CLOUD_API_REQUESTS = "hsm.cloudapi.requests";
    /**
     * hsm_cloudapi_errors_total{code}: error answers of the Cloud API, by WhatsApp's error code (a documented or
     * configured one, else "other"; http_&lt;status&gt; when it gave none).
     */
    public static final String CLOUD_API_ERRORS = "hsm.cloudapi.errors";
    /** hsm_media_probe_seconds{result}: HEAD probes of media links (cache misses only). */
    public static final String MEDIA_PROBE = "hsm.media.probe";
    /** hsm_media_probe_cache_total{result="hit"|"miss"}: media link answers read from the cache, or probed. */
    public static final String MEDIA_PROBE_CACHE = "hsm.media.probe.cache";
    /** hsm_dead_letters_total{channel}: dead letters made. */
    public static final String DEAD_LETTERS = "hsm.dead.letters";
    /** hsm_retry_queue_depth: notifications queued for the retry worker (RETRYING), all nodes together. */
    public static final String RETRY_QUEUE_DEPTH = "hsm.retry.queue.depth";
    /** hsm_throttle_wait_seconds: time messages waited for the per-number throttle. */
    public static final String THROTTLE_WAIT = "hsm.throttle.wait";
    /** hsm_whatsapp_statuses_total{status, result="applied"|"duplicate"|"unknown"}: WhatsApp status webhooks. */
    public static final String WHATSAPP_STATUSES = "hsm.whatsapp.statuses";
    /** hsm_callbacks_total{result="delivered"|"retry"|"dead"}: status callbacks to websites. */
    public static final String CALLBACKS = "hsm.callbacks";
    /** hsm_db_writes_total: durable writes committed (the statements one caller commits together are one write). */
    public static final String DB_WRITES = "hsm.db.writes";
    /** hsm_db_commits_total: the transactions that committed them (one commit serves many writes under load). */
    public static final String DB_COMMITS = "hsm.db.commits";
    /** hsm_admin_refusals_total{code}: admin API requests answered with an error (never notifications). */
    public static final String ADMIN_REFUSALS = "hsm.admin.refusals";
    /** hsm_webhook_refusals_total{code}: WhatsApp webhook requests answered with an error. */
    public static final String WEBHOOK_REFUSALS = "hsm.webhook.refusals";
    /** hsm_http_refusals_total{code}: other HTTP requests that are no notification, answered with an error. */
    public static final String HTTP_REFUSALS = "hsm.http.refusals";

    /** Who refused a request that is not a notification, each with its meter. */
    public enum Refuser {
        ADMIN(ADMIN_REFUSALS, "Admin API requests answered with an error, by code"),
        WEBHOOK(WEBHOOK_REFUSALS, "WhatsApp webhook requests answered with an error, by code"),
        OTHER(HTTP_REFUSALS, "HTTP requests (no notification, no admin API, no webhook) answered with an error, by code");

        final String meter;
        final String description;

        Refuser(String meter, String description) {
            this.meter = meter;
            this.description = description;
        }
    }

    // --- tag values ---
    public static final String ACCEPTED = "accepted";
    /** Cloud API outcomes besides {@link #ACCEPTED}: WhatsApp answered an error, no connection, no answer in time. */
    public static final String ERROR = "error";
    public static final String UNREACHABLE = "unreachable";
    public static final String TIMEOUT = "timeout";
    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String ANSWERED = "answered";
    public static final String FAILED = "failed";
    /** The type tag of a notification refused before its template was found. */
    public static final String NO_TYPE = "none";
    /** The channel tag of an exchange that came in with none (not a door of ours). */
    public static final String NO_CHANNEL = "unknown";

    private final MeterRegistry registry;
    private final ConcurrentMap<NotificationKey, Counter> notifications = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Timer> cloudApiCalls = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> cloudApiErrors = new ConcurrentHashMap<>();
    private final CloudApiErrorLabels errorLabels;
    private final Timer probeAnswered;
    private final Timer probeFailed;
    private final Counter probeCacheHit;
    private final Counter probeCacheMiss;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Timer throttleWait;
    private final ConcurrentMap<String, Counter> whatsappStatuses = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> callbacks = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> refusals = new ConcurrentHashMap<>();

    public GatewayMeters(MeterRegistry registry) {
        this(registry, Set.of());
    }

    /** @param configuredErrorCodes Cloud API codes the operator named (counted by their own label, as documented ones) */
    public GatewayMeters(MeterRegistry registry, Set<Integer> configuredErrorCodes) {
        this.registry = registry;
        this.errorLabels = new CloudApiErrorLabels(configuredErrorCodes);
        for (String outcome : new String[] {ACCEPTED, ERROR, UNREACHABLE, TIMEOUT}) {
            cloudApiCalls.put(outcome, Timer.builder(CLOUD_API_REQUESTS).description("WhatsApp Cloud API calls, by outcome")
                    .tag("outcome", outcome).register(registry));
        }
        this.probeAnswered = Timer.builder(MEDIA_PROBE).description("HEAD probes of media links, by whether the host answered")
                .tag("result", ANSWERED).register(registry);
        this.probeFailed = Timer.builder(MEDIA_PROBE).tag("result", FAILED).register(registry);
        this.probeCacheHit = Counter.builder(MEDIA_PROBE_CACHE).description("Media link answers taken from the cache, or probed")
                .tag("result", HIT).register(registry);
        this.probeCacheMiss = Counter.builder(MEDIA_PROBE_CACHE).tag("result", MISS).register(registry);
        this.throttleWait = Timer.builder(THROTTLE_WAIT)
                .description("Time messages waited for their phone number's messages-per-second limit").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    // --- the pipeline's steps (through pipeline.PipelineMeters) ---

    /** A notification answered: counted once, by its door, template type and answered code. */
    public void answered(String channel, String type, String code) {
        notification(channel == null ? NO_CHANNEL : channel, type == null ? NO_TYPE : type, code).increment();
    }

    /** A Cloud API call of this outcome ({@link #ACCEPTED}, {@link #ERROR}, {@link #UNREACHABLE}, {@link #TIMEOUT}). */
    public void cloudApiCall(String outcome, long nanos) {
        cloudApiCalls.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
    }

    /** A request that is no notification, refused with this code (a closed set: the API's codes). */
    public void refused(Refuser refuser, String code) {
        refusals.computeIfAbsent(refuser.name() + '\u0000' + code, k -> Counter.builder(refuser.meter)
                .description(refuser.description).tag("code", code).register(registry)).increment();
    }

    /**
     * An error answer of the Cloud API: WhatsApp's code (when it gave one), else its HTTP status. Labelled from a
     * bounded set ({@link CloudApiErrorLabels}): an unknown code is counted as {@code other}.
     */
    public void cloudApiError(Integer providerCode, int httpStatus) {
        String code = providerCode != null ? errorLabels.ofCode(providerCode) : errorLabels.ofHttpStatus(httpStatus);
        cloudApiErrors.computeIfAbsent(code, c -> Counter.builder(CLOUD_API_ERRORS)
                .description("Error answers of the WhatsApp Cloud API, by its error code").tag("code", c)
                .register(registry)).increment();
    }

    /** A message waited this long for its phone number's messages-per-second limit. */
    public void throttleWaited(long nanos) {
        throttleWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    // --- the media probe ---

    public void probeCache(boolean hit) {
        (hit ? probeCacheHit : probeCacheMiss).increment();
    }

    /** A HEAD probe that took this long: the host answered (whatever its status), or did not (refused, timed out). */
    public void probed(boolean answered, long nanos) {
        (answered ? probeAnswered : probeFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    // --- for the status webhooks and the status callbacks ---

    /** Dead letters of a door (by the pipeline, or by a WhatsApp {@code failed} status). */
    public Counter deadLetters(String channel) {
        return deadLetters.computeIfAbsent(channel == null ? NO_CHANNEL : channel, c -> Counter.builder(DEAD_LETTERS)
                .description("Dead letters made, by the door the notification came in by").tag("channel", c)
                .register(registry));
    }

    /** A WhatsApp status received: {@code status} sent/delivered/read/failed, {@code result} applied/duplicate/unknown. */
    public Counter whatsappStatuses(String status, String result) {
        return whatsappStatuses.computeIfAbsent(status + '\u0000' + result, k -> Counter.builder(WHATSAPP_STATUSES)
                .description("WhatsApp status webhooks received, by status and what they did")
                .tag("status", status).tag("result", result).register(registry));
    }

    /** A status callback to a website: {@code result} delivered/retry/dead. */
    public Counter callbacks(String result) {
        return callbacks.computeIfAbsent(result, r -> Counter.builder(CALLBACKS)
                .description("Status callbacks to websites, by result").tag("result", r).register(registry));
    }

    private Counter notification(String channel, String type, String code) {
        NotificationKey key = new NotificationKey(channel, type, code);
        Counter counter = notifications.get(key);
        return counter != null ? counter : notifications.computeIfAbsent(key, k -> Counter.builder(NOTIFICATIONS)
                .description("Notifications answered, by door, template type and answered code")
                .tag("channel", k.channel()).tag("type", k.type()).tag("code", k.code()).register(registry));
    }

    private record NotificationKey(String channel, String type, String code) {
    }
}
