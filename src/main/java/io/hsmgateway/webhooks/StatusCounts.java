package io.hsmgateway.webhooks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.CamelContext;

import java.util.Set;

/**
 * {@code hsm_whatsapp_statuses_total{status, result}}: WhatsApp statuses by kind (sent, delivered, read, failed) and
 * what became of them: {@code applied} to their notification, {@code duplicate} (Meta sent it again) or
 * {@code unknown} (no notification has its message id). Counted in the Micrometer registry bound in Camel's registry
 * (the Prometheus one, when metrics are on), else in Micrometer's global registry; looked up at the first count, as
 * the metrics registry is bound while Camel starts.
 */
public class StatusCounts {

    public static final String BEAN_NAME = "whatsappStatusCounts";
    public static final String METER = "hsm.whatsapp.statuses";

    public static final String APPLIED = "applied";
    public static final String DUPLICATE = "duplicate";
    public static final String UNKNOWN = "unknown";

    private static final Set<String> KINDS = Set.of("sent", "delivered", "read", "failed");

    private final CamelContext context;
    private volatile MeterRegistry registry;

    public StatusCounts(CamelContext context) {
        this.context = context;
    }

    public void count(String status, String result) {
        // a status of a kind we do not apply is never stored, but keep the label set closed anyway
        String kind = KINDS.contains(status) ? status : "other";
        Counter.builder(METER)
                .description("WhatsApp status webhooks by status and what became of them")
                .tag("status", kind)
                .tag("result", result)
                .register(registry())
                .increment();
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
