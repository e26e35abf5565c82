package io.hsmgateway.observe;

import io.hsmgateway.storage.GroupCommit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.micrometer.MicrometerConstants;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Metrics: the one Micrometer registry, served in Prometheus' text format at {@code /observe/metrics} on the
 * management port, and the gateway's meters on it.
 * <p>
 * One registry: the one camel-micrometer-prometheus serves, bound under the name camel-micrometer looks for
 * ({@code metricsRegistry}). Its binders (JVM) and the {@code micrometer:} endpoints register on it, the pool's meters
 * go to it ({@code DatabaseConfiguration}), and code that looks a {@code MeterRegistry} up by type finds exactly this
 * one. Taken first among the beans (after the settings): the pool is built with it.
 */
public class ObserveConfiguration implements CamelConfiguration {

    public static final String REGISTRY = MicrometerConstants.METRICS_REGISTRY_NAME;
    /** The retry queue is counted in the database at most this often (and only while someone scrapes). */
    static final Duration RETRY_QUEUE_COUNTED_EVERY = Duration.ofSeconds(5);
    /** Cloud API codes the operator names: labels of hsm_cloudapi_errors_total besides WhatsApp's documented ones. */
    private static final String[] CONFIGURED_CODES = {"hsm.delivery.transient-codes", "hsm.delivery.account-codes"};

    /**
     * camel-micrometer-prometheus's registry when {@code camel.metrics.enabled} (Camel main makes it, and binds it under
     * this name, before it reads configuration classes), else one of our own that nothing serves: the meters are
     * counted either way.
     */
    @BindToRegistry(REGISTRY)
    public PrometheusMeterRegistry metricsRegistry(CamelContext context) {
        PrometheusMeterRegistry served = context.getRegistry().lookupByNameAndType(REGISTRY, PrometheusMeterRegistry.class);
        return served != null ? served : new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @BindToRegistry(GatewayMeters.BEAN_NAME)
    public GatewayMeters gatewayMeters(@BeanInject PrometheusMeterRegistry registry, CamelContext context) {
        // read as text here (GatewaySettings has checked them already): observe stays below config
        Set<Integer> configured = new HashSet<>();
        for (String key : CONFIGURED_CODES) {
            context.getPropertiesComponent().resolveProperty(key).ifPresent(codes -> Arrays.stream(codes.split(","))
                    .map(String::strip).filter(code -> code.matches("\\d{1,9}")).map(Integer::valueOf).forEach(configured::add));
        }
        return new GatewayMeters(registry, configured);
    }

    @Override
    public void configure(CamelContext context) {
        // every configuration's beans are bound by now: the database among them
        PrometheusMeterRegistry registry = context.getRegistry().lookupByNameAndType(REGISTRY, PrometheusMeterRegistry.class);
        DataSource dataSource = context.getRegistry().findSingleByType(DataSource.class);
        RetryQueueDepth depth = new RetryQueueDepth(dataSource, RETRY_QUEUE_COUNTED_EVERY,
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "retry-queue-depth"));
        depth.register(registry);
        // counted once at start-up, so the first scrape already has a value
        depth.refresh();
        GroupCommit commits = context.getRegistry().lookupByNameAndType(GroupCommit.BEAN_NAME, GroupCommit.class);
        if (commits != null) {
            FunctionCounter.builder(GatewayMeters.DB_WRITES, commits, GroupCommit::writesCommitted)
                    .description("Durable writes committed (what one notification commits together is one write)").register(registry);
            FunctionCounter.builder(GatewayMeters.DB_COMMITS, commits, GroupCommit::commits)
                    .description("Database transactions that committed those writes").register(registry);
        }
    }
}
