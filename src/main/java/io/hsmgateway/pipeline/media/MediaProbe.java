package io.hsmgateway.pipeline.media;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;
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
import java.util.List;

/**
 * Resolves a notification's media (the request's link, else the template's default) and checks it
 * with an HTTP HEAD through camel-http: the file itself is never downloaded. Answers are cached
 * briefly, so a campaign that reuses one link probes it once, even when its requests arrive together.
 */
public class MediaProbe {

    private final ProducerTemplate producer;
    private final String headEndpointUri;
    private final MediaRules rules;
    private final Cache<String, ProbeResult> answers;

    public MediaProbe(ProducerTemplate producer, String headEndpointUri, MediaRules rules, Duration cacheFor) {
        this.producer = producer;
        this.headEndpointUri = headEndpointUri;
        this.rules = rules;
        this.answers = Caffeine.newBuilder().expireAfterWrite(cacheFor).maximumSize(10_000).build();
    }

    public ResolvedMedia probe(@ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                               @ExchangeProperty(Hsm.TEMPLATE) Template template) {
        ResolvedMedia media = request.getMediaLink() != null
                ? new ResolvedMedia(request.getMediaLink(), request.getMediaFilename())
                : new ResolvedMedia(template.mediaLink(), template.mediaFilename());
        if (media.link() == null) {
            throw new RejectedException(ApiCode.INVALID_BODY, List.of(JoiError.required(List.of("media"))));
        }
        rules.check(media.link(), template.type(), answers.get(media.link(), this::head));
        return media;
    }

    private ProbeResult head(String link) {
        try {
            URI uri = new URI(link);
            if (uri.getHost() == null) {
                return ProbeResult.failed("the link has no host");
            }
        } catch (Exception e) {
            return ProbeResult.failed("the link is not a valid URL");
        }
        Exchange answer = producer.send(headEndpointUri, exchange -> exchange.getIn().setHeader(Exchange.HTTP_URI, link));
        Exception failure = answer.getException();
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
            return "the link's host did not answer in time";
        }
        return "the link's host could not be reached";
    }
}
