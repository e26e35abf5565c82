package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.logging.NotificationLogContext;
import io.hsmgateway.pipeline.NotificationIds;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.spi.LifecycleStrategy;
import org.apache.camel.spi.ShutdownStrategy;
import org.apache.camel.support.LifecycleStrategySupport;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the pipeline for a caller who waits, and answers within a bounded time whatever WhatsApp does:
 * when the time runs out the caller gets IN_PROGRESS with the notification id, and the pipeline goes on
 * to record the notification's fate, which {@code GET .../notifications/{id}} shows.
 * When the gateway stops (SIGTERM), a caller still waiting near the end of the shutdown drain
 * ({@code camel.main.shutdown-timeout}) gets that answer then, while the HTTP server can still send it,
 * rather than a connection closed under it.
 */
public class AnswerDeadline {

    public static final String BEAN_NAME = "answerDeadline";

    /** Before the drain ends: time for the answer to be written before the routes are forced to stop. */
    private static final long ANSWER_BEFORE_DRAIN_ENDS_MILLIS = 1000;

    private final NotificationSink sink;
    private final long answerWithinMillis;
    private final ResponseWriter responses;
    private final CompletableFuture<Void> drainEnding = new CompletableFuture<>();

    public AnswerDeadline(NotificationSink sink, long answerWithinMillis, ResponseWriter responses) {
        this.sink = sink;
        this.answerWithinMillis = answerWithinMillis;
        this.responses = responses;
    }

    /** To register with the CamelContext: once it starts stopping, waiting callers are answered before the drain ends. */
    public LifecycleStrategy answerBeforeTheShutdownDrainEnds() {
        return new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext context) {
                ShutdownStrategy shutdown = context.getShutdownStrategy();
                long drainMillis = shutdown.getTimeUnit().toMillis(shutdown.getTimeout());
                drainEnding.completeOnTimeout(null, Math.max(0, drainMillis - ANSWER_BEFORE_DRAIN_ENDS_MILLIS),
                        TimeUnit.MILLISECONDS);
            }
        };
    }

    public void run(Exchange exchange) throws Exception {
        String notificationId = NotificationIds.newId();
        exchange.setProperty(Hsm.NOTIFICATION_ID, notificationId);
        // the pipeline runs on a thread of the sink's, which logs with the id itself; this thread waits, with it too
        try (NotificationLogContext.Scope ignored = NotificationLogContext.open(notificationId)) {
            CompletableFuture<Exchange> pipeline = sink.start(exchange);
            try {
                CompletableFuture.anyOf(pipeline, drainEnding).get(answerWithinMillis, TimeUnit.MILLISECONDS);
                if (pipeline.isDone()) {
                    NotificationSink.takeAnswer(exchange, pipeline.get());
                    return;
                }
            } catch (TimeoutException stillRunning) {
                // answered below
            } catch (ExecutionException e) {
                throw (Exception) e.getCause();
            }
            responses.writeResponse(exchange, ApiResponse.of(ApiCode.IN_PROGRESS, Map.of("notificationId", notificationId))
                    .withNotificationId(notificationId));
        }
    }
}
