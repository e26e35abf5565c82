package io.hsmgateway.doors.jms;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;

/**
 * Takes the pipeline's answer (body, headers, exchange properties such as {@code hsmResponse}) back into
 * the door's exchange when the door calls the pipeline with {@code enrich} instead of {@code to}.
 * Why: when the pipeline answers a failure itself, Camel marks the exchange "handled by the error
 * handler", and a calling route stops right after the call. The pipeline runs on enrich's copy, so the
 * door keeps going (to its dead-letter queue, say) while receiving everything the pipeline produced.
 * Registered as {@code #pipelineAnswer} for any YAML door that needs steps after the pipeline.
 */
public class PipelineAnswer implements AggregationStrategy {

    public static final String BEAN_NAME = "pipelineAnswer";

    @Override
    public Exchange aggregate(Exchange door, Exchange pipeline) {
        door.getMessage().setBody(pipeline.getMessage().getBody());
        door.getMessage().setHeaders(pipeline.getMessage().getHeaders());
        // custom properties only: Camel keeps its internal ones (exception caught, handled, ...) apart
        door.getProperties().putAll(pipeline.getProperties());
        return door;
    }
}
