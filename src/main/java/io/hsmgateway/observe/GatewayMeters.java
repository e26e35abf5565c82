package io.hsmgateway.observe;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.pipeline.Template;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.util.EnumMap;
import java.util.Map;
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
 * The pipeline calls it at the steps where things happen: the answer (once per notification), around the Cloud API
 * call, around the per-number throttle, where a dead letter is inserted; the media probe calls it for each probe and
 * cache read. A sent notification costs five bean calls here, two timer records, one counter increment and one map
 * read; Camel's own per-route meters stay off for that reason ({@code camel.metrics.enable-route-policy}).
 */
public class GatewayMeters {

    public static final String BEAN_NAME = "gatewayMeters";

    // --- names (Micrometer's; the Prometheus name in each comment) ---
    /** hsm_notifications_total{channel, type, code}: notifications answered by the pipeline. */
    public static final String NOTIFICATIONS = "hsm.notifications";
    /** hsm_cloudapi_requests_seconds{outcome}: Cloud API calls, in-line retries and the retry worker's included. */
    public static final String CLOUD_API_REQUESTS = "hsm.cloudapi.requests";
    /** hsm_cloudapi_errors_total{code}: error answers of the Cloud API, by WhatsApp's error code. */
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

    // --- tag values ---
    public static final String ACCEPTED = "accepted";
    public static final String HIT = "hit";
    public static final String MISS = "miss";
    public static final String ANSWERED = "answered";
    public static final String FAILED = "failed";
    /** The type tag of a notification refused before its template was found. */
    public static final String NO_TYPE = "none";
    /** The channel tag of an exchange that came in with none (not a door of ours). */
    public static final String NO_CHANNEL = "unknown";

    /** Exchange properties: when the current Cloud API call, and the current throttle wait, started (System.nanoTime). */
    static final String CLOUD_API_CALL_STARTED = "hsmCloudApiCallStarted";
    static final String THROTTLE_ENTERED = "hsmThrottleEntered";

    private final MeterRegistry registry;
    private final ConcurrentMap<NotificationKey, Counter> notifications = new ConcurrentHashMap<>();
    private final Timer cloudApiAccepted;
    private final Map<ProviderException.Kind, Timer> cloudApiFailed = new EnumMap<>(ProviderException.Kind.class);
    private final ConcurrentMap<String, Counter> cloudApiErrors = new ConcurrentHashMap<>();
    private final Timer probeAnswered;
    private final Timer probeFailed;
    private final Counter probeCacheHit;
    private final Counter probeCacheMiss;
    private final ConcurrentMap<String, Counter> deadLetters = new ConcurrentHashMap<>();
    private final Timer throttleWait;
    private final ConcurrentMap<String, Counter> whatsappStatuses = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> callbacks = new ConcurrentHashMap<>();

    public GatewayMeters(MeterRegistry registry) {
        this.registry = registry;
        this.cloudApiAccepted = cloudApiTimer(ACCEPTED);
        // REPLY: WhatsApp answered an error; UNREACHABLE: no connection; TIMEOUT: no answer in time
        cloudApiFailed.put(ProviderException.Kind.REPLY, cloudApiTimer("error"));
        cloudApiFailed.put(ProviderException.Kind.UNREACHABLE, cloudApiTimer("unreachable"));
        cloudApiFailed.put(ProviderException.Kind.TIMEOUT, cloudApiTimer("timeout"));
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

    // --- the pipeline's steps ---

    /**
     * The ANSWER step: the notification is counted once, by its door, template type and answered code. A queued
     * notification's later passes (the retry worker's) are not counted again: their calls show in
     * {@link #CLOUD_API_REQUESTS}, their dead letters in {@link #DEAD_LETTERS}.
     */
    public void answered(@ExchangeProperty(Hsm.CHANNEL) String channel, @ExchangeProperty(Hsm.TEMPLATE) Template template,
                         @ExchangeProperty(Hsm.RESPONSE) ApiResponse response, @ExchangeProperty(Hsm.ATTEMPTS) Integer attempts) {
        if (attempts != null || response == null) {
            return;
        }
        notification(channel == null ? NO_CHANNEL : channel, template == null ? NO_TYPE : template.type().name(),
                response.code()).increment();
    }

    /** Just before the Cloud API call. */
    public void cloudApiCalling(Exchange exchange) {
        exchange.setProperty(CLOUD_API_CALL_STARTED, System.nanoTime());
    }

    /** WhatsApp took the message. */
    public void cloudApiAccepted(Exchange exchange) {
        record(cloudApiAccepted, exchange, CLOUD_API_CALL_STARTED);
    }

    /** The call failed (the doCatch of the call): timed by how, and an error answer counted by WhatsApp's code. */
    public void cloudApiFailed(Exchange exchange) {
        ProviderException failure = CloudApiReplies.callFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        record(cloudApiFailed.get(failure.kind()), exchange, CLOUD_API_CALL_STARTED);
        if (failure.kind() == ProviderException.Kind.REPLY) {
            // an error without WhatsApp's code (a proxy's 502, a bare 500) is counted by its HTTP status
            String code = failure.providerCode() != null ? failure.providerCode().toString() : "http_" + failure.httpStatus();
            cloudApiErrors.computeIfAbsent(code, c -> Counter.builder(CLOUD_API_ERRORS)
                    .description("Error answers of the WhatsApp Cloud API, by its error code").tag("code", c)
                    .register(registry)).increment();
        }
    }

    /** Before the per-number throttle. */
    public void throttleEntered(Exchange exchange) {
        exchange.setProperty(THROTTLE_ENTERED, System.nanoTime());
    }

    /** Past the per-number throttle. */
    public void throttleLeft(Exchange exchange) {
        record(throttleWait, exchange, THROTTLE_ENTERED);
    }

    /** RECORD_OUTCOME inserted the notification's dead letter. */
    public void deadLetter(@ExchangeProperty(Hsm.CHANNEL) String channel) {
        deadLetters(channel == null ? NO_CHANNEL : channel).increment();
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

    /** A dead letter made elsewhere than the pipeline (a WhatsApp {@code failed} status). */
    public Counter deadLetters(String channel) {
        return deadLetters.computeIfAbsent(channel, c -> Counter.builder(DEAD_LETTERS)
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

    private Timer cloudApiTimer(String outcome) {
        return Timer.builder(CLOUD_API_REQUESTS).description("WhatsApp Cloud API calls, by outcome")
                .tag("outcome", outcome).register(registry);
    }

    private static void record(Timer timer, Exchange exchange, String startedProperty) {
        Object started = exchange.removeProperty(startedProperty);
        if (timer != null && started instanceof Long nanos) {
            timer.record(System.nanoTime() - nanos, TimeUnit.NANOSECONDS);
        }
    }

    private record NotificationKey(String channel, String type, String code) {
    }
}
