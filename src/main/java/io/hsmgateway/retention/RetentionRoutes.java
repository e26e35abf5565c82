package io.hsmgateway.retention;

import org.apache.camel.builder.RouteBuilder;

/**
 * Every node tries to purge once per {@code hsm.retention.interval-ms}; the one that gets the lease does it (see
 * {@link RetentionPurge}). The first try comes one interval after start-up, at most a minute.
 */
public class RetentionRoutes extends RouteBuilder {

    public static final String PURGE = "retention-purge";

    private final long intervalMs;

    public RetentionRoutes(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    @Override
    public void configure() {
        from("scheduler:" + PURGE + "?delay=" + intervalMs + "&initialDelay=" + Math.min(intervalMs, 60_000))
                .routeId(PURGE)
                .bean(RetentionPurge.BEAN_NAME, "run");
    }
}
