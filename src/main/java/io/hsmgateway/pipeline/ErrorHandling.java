package io.hsmgateway.pipeline;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.outcome.FailureClassifier;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The gateway's one error handler, applied to every route (Java and YAML): in Camel the route where a
 * failure happens handles it, so a per-route onException would miss the pipeline's sub-routes.
 * Whatever stops a notification is classified, recorded and answered in the API's envelope.
 * (Retries and dead letters will hang off this same place.)
 */
public class ErrorHandling extends RouteConfigurationBuilder {

    private final FailureClassifier classifier;
    private final ResponseWriter responses;

    public ErrorHandling(FailureClassifier classifier, ResponseWriter responses) {
        this.classifier = classifier;
        this.responses = responses;
    }

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(Exception.class)
                    .handled(true)
                    .setProperty(Hsm.OUTCOME, method(classifier, "classify"))
                    .to(NotificationPipeline.RECORD_OUTCOME_ENDPOINT)
                    .bean(responses, "write")
                    .to(NotificationPipeline.REMEMBER_ANSWER_ENDPOINT);
    }
}
