package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.List;
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
        takeAnswer(door, producer.send(NotificationPipeline.ENTRY, door.copy()));
    }

    /** {@link #send} on the sink's own thread, for a caller that answers by a deadline ({@code AnswerDeadline}). */
    public CompletableFuture<Exchange> start(Exchange door) {
        return producer.asyncSend(NotificationPipeline.ENTRY, door.copy());
    }

    /** A queued notification, restored from its row by the retry worker: the Cloud API call is tried again. */
    public void resume(Exchange queued) {
        takeAnswer(queued, producer.send(NotificationPipeline.RESUME, queued.copy()));
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
