package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.outcome.FailureClassifier;
import org.apache.camel.RollbackExchangeException;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The gateway's one error handler, applied to every route (Java, YAML and kamelet): in Camel the route where a
 * failure happens handles it, so a per-route onException would miss the pipeline's sub-routes.
 * Whatever stops a notification is classified, recorded and answered in the API's envelope, as the pipeline's
 * own last steps do. A dead-letter event's subscriber is the exception: its failure goes back, unhandled, to
 * the publisher ({@link DeadLetterEvents}), which tells the door (the JMS door then rolls back). A door's own
 * {@code rollback} (a {@link RollbackExchangeException}: the Kafka door giving a poll back to be consumed again) is
 * not a notification's failure either: it goes back, unhandled, to the door's consumer.
 */
public class ErrorHandling extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(RollbackExchangeException.class)
                    .handled(false)
                    .logExhausted(false)
                .end()
                .onException(Exception.class)
                    .onWhen(exchangeProperty(Hsm.DEAD_LETTER_EVENT).isNull())
                    .handled(true)
                    .setProperty(Hsm.OUTCOME, method(FailureClassifier.BEAN_NAME, "classify"))
                    .to(NotificationPipeline.RECORD_OUTCOME_ENDPOINT)
                    .to(NotificationPipeline.ANSWER_ENDPOINT)
                .end()
                .onException(Exception.class)
                    .onWhen(exchangeProperty(Hsm.DEAD_LETTER_EVENT).isNotNull())
                    .handled(false)
                    // the publisher logs it once, in a line of its own
                    .logExhausted(false)
                .end();
    }
}
