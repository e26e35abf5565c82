package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;

/**
 * Publishes each notification the gateway will not deliver, once, as a dead-letter event: refused when a door
 * handed it over (any answer but SUCCESS, QUEUED, IN_PROGRESS, SERVICE_UNAVAILABLE, which asks the door to
 * try again, and IDEMPOTENCY_CONFLICT: the same notification's first delivery is still being worked on, so this one
 * is not dead but early, and every door that redelivers tries it again), or given up on by the retry worker. A door that wants its dead letters subscribes to
 * {@code direct:dead-letters-<channel>} (the {@code hsm-dead-letter-source} kamelet); nobody else needs to.
 * <p>
 * One message shape: the body is the request as the door handed it over; headers {@code websiteId},
 * {@code channel}, {@code code}, {@code statusCode}, {@code description} and {@code notificationId} (the answer's: absent
 * when the caller was not authenticated).
 * The event is delivered on the caller's thread: a subscriber writing to a transacted resource (the JMS door's
 * dead-letter queue) joins the consumed message's transaction. A subscriber that fails is logged and reported
 * in {@link Hsm#DEAD_LETTER_FAILED}, so a door can keep the event's source (the JMS door rolls back).
 */
public class DeadLetterEvents {

    public static final String BEAN_NAME = "deadLetterEvents";
    public static final String ENDPOINT_PREFIX = "direct:dead-letters-";
    /** Every header a dead-letter event has (a door that republishes it copies these, and no others). */
    public static final List<String> HEADERS =
            List.of("websiteId", "channel", "code", "statusCode", "description", "notificationId");

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterEvents.class);
    private static final Set<String> NOT_DEAD = Set.of(ApiCode.SUCCESS.name(), ApiCode.QUEUED.name(),
            ApiCode.IN_PROGRESS.name(), ApiCode.SERVICE_UNAVAILABLE.name(), ApiCode.IDEMPOTENCY_CONFLICT.name());
    /** no subscriber, no wait: a channel nobody listens to drops its events */
    private static final String NO_WAIT = "?block=false&failIfNoConsumers=false";

    private final ProducerTemplate producer;

    public DeadLetterEvents(ProducerTemplate producer) {
        this.producer = producer;
    }

    /** Where a door's subscriber listens for the dead letters of its channel. */
    public static String endpoint(String channel) {
        return ENDPOINT_PREFIX + channel;
    }

    public void publish(Exchange exchange) {
        ApiResponse response = exchange.getProperty(Hsm.RESPONSE, ApiResponse.class);
        String channel = exchange.getProperty(Hsm.CHANNEL, String.class);
        if (response == null || channel == null || NOT_DEAD.contains(response.code())) {
            return;
        }
        Exchange event = new DefaultExchange(exchange.getContext());
        event.setProperty(Hsm.DEAD_LETTER_EVENT, true);
        Message message = event.getMessage();
        Object request = exchange.getProperty(Hsm.REQUEST_BODY);
        message.setBody(request != null ? request : exchange.getProperty(Hsm.REQUEST_JSON));
        message.setHeader("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        message.setHeader("channel", channel);
        message.setHeader("code", response.code());
        message.setHeader("statusCode", String.valueOf(response.statusCode()));
        message.setHeader("description", response.description());
        // the id the door's caller was answered with: none before authentication, the first one for a replayed answer
        message.setHeader("notificationId", response.notificationId());
        producer.send(endpoint(channel) + NO_WAIT, event);
        if (event.getException() != null) {
            exchange.setProperty(Hsm.DEAD_LETTER_FAILED, true);
            LOG.error("Could not dead-letter notification {} ({}, {} door): {}", exchange.getProperty(Hsm.NOTIFICATION_ID),
                    response.code(), channel, event.getException().getMessage());
        }
    }
}
