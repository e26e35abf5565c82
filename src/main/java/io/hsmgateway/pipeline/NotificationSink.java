package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The one way into the pipeline: every door (through the {@code hsm-notify-sink} kamelet, or this bean from
 * Java), the retry worker and the dead-letter replay. The pipeline runs on a copy of the caller's exchange and
 * its answer is copied back: the envelope's JSON as the body, its HTTP status and content type as the only
 * headers, {@link Hsm#RESPONSE} and the other pipeline properties. So the caller always goes on after the call,
 * success or failure (a failure the pipeline answered itself would stop a route that called it with a plain
 * {@code to}: Camel ends a route once its error handler has handled the exchange).
 */
public class NotificationSink {

    public static final String BEAN_NAME = "notificationSink";

    private static final List<String> OPTIONAL = List.of(Hsm.API_KEY, Hsm.IDEMPOTENCY_KEY, Hsm.CLIENT_ADDRESS);
    /**
     * The properties a new notification takes from its door (the entry contract, see {@link NotificationPipeline}).
     * No other: what an earlier send on the same exchange left there (its notification id, its outcome, "recorded")
     * would otherwise make the next notification of a door that sends twice reuse, and overwrite, the first one.
     */
    private static final Set<String> ENTRY_PROPERTIES = Set.of(Hsm.WEBSITE_ID, Hsm.API_KEY, Hsm.WEBSITE_GRANTED,
            Hsm.CHANNEL, Hsm.IDEMPOTENCY_KEY, Hsm.IDEMPOTENCY_RETRY_UNSENT, Hsm.CLIENT_ADDRESS, Hsm.DOOR_RECEIPT);

    private final ProducerTemplate producer;

    /** @param producer runs the pipeline; its executor serves {@link #start} (callers who wait with a deadline) */
    public NotificationSink(ProducerTemplate producer) {
        this.producer = producer;
    }

    /**
     * A new notification: the door's body is the request JSON, its properties the entry contract. Optional values
     * left empty (the kamelet's defaults) are absent.
     */
    public void send(Exchange door) {
        for (String optional : OPTIONAL) {
            if (door.getProperty(optional) instanceof String value && value.isEmpty()) {
                door.removeProperty(optional);
            }
        }
        // set only when it happens: an earlier send's failure must not stay behind on a door that sends twice
        door.removeProperty(Hsm.DEAD_LETTER_FAILED);
        takeAnswer(door, producer.send(NotificationPipeline.ENTRY, entry(door)));
    }

    /** {@link #send} on the sink's own thread, for a caller that answers by a deadline ({@code AnswerDeadline}). */
    public CompletableFuture<Exchange> start(Exchange door) {
        // its caller has announced the notification's id: it answers with it if the deadline passes
        return producer.asyncSend(NotificationPipeline.ENTRY, entry(door, Hsm.NOTIFICATION_ID));
    }

    /** A queued notification, restored from its row by the retry worker: the Cloud API call is tried again. */
    public void resume(Exchange queued) {
        takeAnswer(queued, producer.send(NotificationPipeline.RESUME, queued.copy()));
    }

    /**
     * A new exchange for the pipeline: the door's message, of its properties the entry contract only, and the
     * charset the door settled on (every conversion after it uses it). Built rather than copied: a copy takes all
     * the door's properties only to drop most of them, on every notification.
     */
    private static Exchange entry(Exchange door, String... alsoKept) {
        Exchange entry = new DefaultExchange(door.getContext(), door.getPattern());
        entry.getMessage().setBody(door.getMessage().getBody());
        entry.getMessage().getHeaders().putAll(door.getMessage().getHeaders());
        Object charset = door.getProperty(ExchangePropertyKey.CHARSET_NAME);
        if (charset != null) {
            entry.setProperty(ExchangePropertyKey.CHARSET_NAME, charset);
        }
        for (String name : ENTRY_PROPERTIES) {
            keep(door, entry, name);
        }
        for (String name : alsoKept) {
            keep(door, entry, name);
        }
        return entry;
    }

    private static void keep(Exchange door, Exchange entry, String name) {
        Object value = door.getProperty(name);
        if (value != null) {
            entry.setProperty(name, value);
        }
    }

    /** Copies what the pipeline produced onto the caller's exchange. */
    public static void takeAnswer(Exchange caller, Exchange pipeline) {
        caller.getMessage().setBody(pipeline.getMessage().getBody());
        caller.getMessage().setHeaders(pipeline.getMessage().getHeaders());
        // custom properties only: Camel keeps its internal ones (exception caught, handled, ...) apart
        caller.getProperties().putAll(pipeline.getProperties());
        // never handled by the pipeline: a fault of ours outside its error handler, left for the caller's
        caller.setException(pipeline.getException());
    }
}
