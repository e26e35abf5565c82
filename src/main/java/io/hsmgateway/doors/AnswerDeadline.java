package io.hsmgateway.doors;

import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the pipeline for a caller who waits, and answers within a bounded time whatever WhatsApp does:
 * when the time runs out the caller gets IN_PROGRESS with the notification id, and the pipeline goes on
 * to record the notification's fate, which {@code GET .../notifications/{id}} shows.
 */
public class AnswerDeadline {

    private final ProducerTemplate producer;
    private final long answerWithinMillis;
    private final ResponseWriter responses;

    public AnswerDeadline(ProducerTemplate producer, long answerWithinMillis, ResponseWriter responses) {
        this.producer = producer;
        this.answerWithinMillis = answerWithinMillis;
        this.responses = responses;
    }

    public void run(Exchange exchange) throws Exception {
        String notificationId = UUID.randomUUID().toString();
        exchange.setProperty(Hsm.NOTIFICATION_ID, notificationId);
        Future<Exchange> pipeline = producer.asyncSend(NotificationPipeline.ENTRY, exchange.copy());
        try {
            Exchange done = pipeline.get(answerWithinMillis, TimeUnit.MILLISECONDS);
            exchange.getMessage().copyFrom(done.getMessage());
            exchange.setProperty(Hsm.RESPONSE, done.getProperty(Hsm.RESPONSE));
        } catch (TimeoutException stillRunning) {
            responses.writeResponse(exchange, ApiResponse.of(ApiCode.IN_PROGRESS, Map.of("notificationId", notificationId))
                    .withNotificationId(notificationId));
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }
}
