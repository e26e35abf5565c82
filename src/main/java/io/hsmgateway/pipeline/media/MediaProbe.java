package io.hsmgateway.pipeline.media;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.Template;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.ObjectHelper;
import org.apache.hc.core5.http.MessageConstraintException;

import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a notification's media (the request's link, else the template's default) and checks it
 * with an HTTP HEAD through camel-http: the file itself is never downloaded. Answers are cached
 * briefly, so a campaign that reuses one link probes it once, even when its requests arrive together.
 * <p>
 * A probe runs on the probe threads, never on the caller's, within its deadline ({@link ProbeDeadline});
 * when every probe thread is busy the request is refused at once rather than queued behind slow hosts.
 */
public class MediaProbe {

    public static final String BEAN_NAME = "mediaProbe";
    /** Registry names of the probe's HttpClient pool (bounded answers, public addresses) and its deadline. */
    public static final String CONNECTIONS = "mediaConnectionManager";
    public static final String DEADLINE = "mediaProbeDeadline";
    /** HEAD, redirects followed, no caller header passed on; the link itself goes in Exchange.HTTP_URI. */
    static final String HEAD_ENDPOINT = "http://media-probe?httpMethod=HEAD&throwExceptionOnFailure=false"
            + "&followRedirects=true&skipRequestHeaders=true&userAgent=hsm-gateway-media-probe"
            + "&clientConnectionManager=#" + CONNECTIONS + "&httpClientConfigurer=#" + DEADLINE
            + "&connectionRequestTimeout={{hsm.media.probe-timeout-ms}}&responseTimeout={{hsm.media.probe-timeout-ms}}";

    static final String DID_NOT_ANSWER = "the link's host did not answer in time";
    static final String ALL_PROBES_BUSY = "too many media links are being checked right now";
    /** How much longer than a probe's deadline its callers wait: a DNS lookup is the one step it cannot cut. */
    private static final Duration CALLER_GRACE = Duration.ofSeconds(1);

    private final ProducerTemplate producer;
    private final MediaRules rules;
    private final ExecutorService probeThreads;
    private final Duration callerWait;
    private final AsyncCache<String, ProbeResult> answers;
    private final GatewayMeters meters;

    public MediaProbe(ProducerTemplate producer, MediaRules rules,
                      ExecutorService probeThreads, Duration deadline, Duration cacheFor, GatewayMeters meters) {
        this.producer = producer;
        this.meters = meters;
        this.rules = rules;
        this.probeThreads = probeThreads;
        this.callerWait = deadline.plus(CALLER_GRACE);
        this.answers = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(10_000).buildAsync();
    }

    public ResolvedMedia probe(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                               @ExchangeProperty(Hsm.TEMPLATE) Template template) throws InterruptedException {
        ResolvedMedia media = request.getMediaLink() != null
                ? new ResolvedMedia(request.getMediaLink(), request.getMediaFilename())
                : new ResolvedMedia(template.mediaLink(), template.mediaFilename());
        if (media.link() == null) {
            throw new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.required(List.of("media"))));
        }
        rules.check(media.link(), template.type(), answer(media.link()));
        return media;
    }

    /**
     * The cached answer for the link's resource, else a probe that concurrent callers of the same resource
     * share. The cache only installs the probe's future: no lock is held while a host is asked, so no link
     * ever waits on another.
     */
    private ProbeResult answer(String link) throws InterruptedException {
        CompletableFuture<ProbeResult> answer;
        boolean[] probed = {false};
        try {
            answer = answers.get(withoutFragment(link), (resource, cacheExecutor) -> {
                probed[0] = true;
                return CompletableFuture.supplyAsync(() -> head(resource), probeThreads);
            });
            // a caller that joins a probe already under way counts as a hit: it made no probe of its own
            meters.probeCache(!probed[0]);
        } catch (RejectedExecutionException allBusy) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("link", link);
            result.put("reason", ALL_PROBES_BUSY);
            throw new RejectedException(ApiCode.SERVICE_UNAVAILABLE, result);
        }
        try {
            return answer.get(callerWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillResolving) {
            return ProbeResult.failed(DID_NOT_ANSWER);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The media probe failed", e.getCause());
        }
    }

    /**
     * HTTP never sends a fragment: it is the client's alone (RFC 9110, 4.2.4). Left in the link, camel-http
     * would percent-encode it into the path and ask for another resource ({@code /a.pdf%23page=2}).
     */
    static String withoutFragment(String link) {
        int hash = link.indexOf('#');
        return hash < 0 ? link : link.substring(0, hash);
    }

    private ProbeResult head(String resource) {
        try {
            URI uri = new URI(resource);
            if (uri.getHost() == null) {
                return ProbeResult.failed("the link has no host");
            }
        } catch (Exception e) {
            return ProbeResult.failed("the link is not a valid URL");
        }
        long started = System.nanoTime();
        Exchange answer = producer.send(HEAD_ENDPOINT, exchange -> exchange.getIn().setHeader(Exchange.HTTP_URI, resource));
        Exception failure = answer.getException();
        meters.probed(failure == null, System.nanoTime() - started);
        if (failure != null) {
            return ProbeResult.failed(describe(failure));
        }
        var headers = answer.getMessage();
        return ProbeResult.answered(
                headers.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class),
                headers.getHeader("Content-Type", String.class),
                headers.getHeader("Content-Length", String.class));
    }

    private static String describe(Exception failure) {
        if (ObjectHelper.getException(PublicAddressDnsResolver.NonPublicAddressException.class, failure) != null) {
            return "the link's host resolves to a loopback, private or link-local address";
        }
        if (ObjectHelper.getException(UnknownHostException.class, failure) != null) {
            return "the link's host does not resolve";
        }
        if (ObjectHelper.getException(MessageConstraintException.class, failure) != null) {
            return "the link's host answered HEAD with too many or too long header lines";
        }
        if (ObjectHelper.getException(SocketTimeoutException.class, failure) != null) {
            return DID_NOT_ANSWER;
        }
        return "the link's host could not be reached";
    }
}
