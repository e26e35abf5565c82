package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.ProviderException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

/**
 * What the pipeline's steps tell {@link GatewayMeters}: the answer (once per notification), the Cloud API call and
 * the per-number throttle (each timed from an exchange property set before it), a dead letter inserted.
 */
public class PipelineMeters {

    public static final String BEAN_NAME = "pipelineMeters";

    /** Exchange properties: when the current Cloud API call, and the current throttle wait, started (System.nanoTime). */
    static final String CLOUD_API_CALL_STARTED = "hsmCloudApiCallStarted";
    static final String THROTTLE_ENTERED = "hsmThrottleEntered";

    private final GatewayMeters meters;

    public PipelineMeters(GatewayMeters meters) {
        this.meters = meters;
    }

    /**
     * The ANSWER step: counted by door, template type and answered code. A queued notification's later passes (the
     * retry worker's, which carry {@link Hsm#ATTEMPTS}) are not counted again: their calls and dead letters are.
     */
    public void answered(@ExchangeProperty(Hsm.CHANNEL) String channel, @ExchangeProperty(Hsm.TEMPLATE) Template template,
                         @ExchangeProperty(Hsm.RESPONSE) ApiResponse response, @ExchangeProperty(Hsm.ATTEMPTS) Integer attempts,
                         @ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId, Exchange exchange) {
        if (attempts != null || response == null) {
            return;
        }
        // the one error handler answers every route: only what came in by a door, or entered the pipeline, is a
        // notification; an admin API or webhook refusal is counted on a meter of its own
        if (channel == null && notificationId == null) {
            meters.refused(RefusedRequests.of(exchange), response.code());
            return;
        }
        meters.answered(channel, template == null ? null : template.type().name(), response.code());
    }

    /** Just before the Cloud API call. */
    public void cloudApiCalling(Exchange exchange) {
        exchange.setProperty(CLOUD_API_CALL_STARTED, System.nanoTime());
    }

    /** WhatsApp took the message. */
    public void cloudApiAccepted(Exchange exchange) {
        meters.cloudApiCall(GatewayMeters.ACCEPTED, elapsed(exchange, CLOUD_API_CALL_STARTED));
    }

    /** The call failed (the doCatch of the call): timed by how, and an error answer counted by WhatsApp's code. */
    public void cloudApiFailed(Exchange exchange) {
        ProviderException failure = CloudApiReplies.callFailed(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        String outcome = switch (failure.kind()) {
            case REPLY -> GatewayMeters.ERROR;
            case UNREACHABLE -> GatewayMeters.UNREACHABLE;
            case IN_DOUBT -> GatewayMeters.TIMEOUT;   // no readable answer: a read timeout, a close, an unreadable 2xx
            case HELD -> null; // held back before any call (a paused website): nothing to time
        };
        long nanos = elapsed(exchange, CLOUD_API_CALL_STARTED);
        if (outcome != null) {
            meters.cloudApiCall(outcome, nanos);
        }
        if (failure.kind() == ProviderException.Kind.REPLY) {
            // an error without WhatsApp's code (a proxy's 502, a bare 500) is counted by its HTTP status
            meters.cloudApiError(failure.providerCode(), failure.httpStatus());
        }
    }

    /** Before the per-number throttle. */
    public void throttleEntered(Exchange exchange) {
        exchange.setProperty(THROTTLE_ENTERED, System.nanoTime());
    }

    /** Past the per-number throttle. */
    public void throttleLeft(Exchange exchange) {
        meters.throttleWaited(elapsed(exchange, THROTTLE_ENTERED));
    }

    /** RECORD_OUTCOME inserted the notification's dead letter. */
    public void deadLetter(@ExchangeProperty(Hsm.CHANNEL) String channel) {
        meters.deadLetters(channel).increment();
    }

    private static long elapsed(Exchange exchange, String startedProperty) {
        Object started = exchange.removeProperty(startedProperty);
        return started instanceof Long nanos ? System.nanoTime() - nanos : 0;
    }
}
