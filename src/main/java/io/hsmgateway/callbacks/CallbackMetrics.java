package io.hsmgateway.callbacks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.CamelContext;

/**
 * {@code hsm_callbacks_total{result="delivered"|"retry"|"dead"}}: one count per attempt's outcome. Counted in the
 * Micrometer registry bound in Camel's registry (the Prometheus one the metrics endpoint serves), else Micrometer's
 * global registry; looked up at the first count, once every configuration has bound its beans.
 */
public class CallbackMetrics {

    static final String NAME = "hsm.callbacks";

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public CallbackMetrics(CamelContext context) {
        this.context = context;
    }

    void delivered() {
        count("delivered");
    }

    void retry() {
        count("retry");
    }

    void dead() {
        count("dead");
    }

    private void count(String result) {
        Counter.builder(NAME).description("Status callback attempts, by outcome").tag("result", result)
                .register(registry()).increment();
    }

    private MeterRegistry registry() {
        MeterRegistry found = registry;
        if (found == null) {
            found = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = found = found != null ? found : Metrics.globalRegistry;
        }
        return found;
    }
}
