package io.hsmgateway.pipeline;

import org.apache.camel.builder.RouteBuilder;

/** Hourly clean-up of what the pipeline keeps only for a while: idempotency keys older than 24 hours. */
public class Housekeeping extends RouteBuilder {

    @Override
    public void configure() {
        from("scheduler:housekeeping?delay=3600000&initialDelay=60000").routeId("housekeeping")
                .bean(IdempotencyKeys.BEAN_NAME, "expire");
    }
}
