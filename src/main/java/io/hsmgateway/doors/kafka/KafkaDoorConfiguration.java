package io.hsmgateway.doors.kafka;

import io.hsmgateway.observe.GatewayMeters;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Wires the Kafka door's client side: the {@code kafka} component its YAML route ({@code routes/kafka-door.camel.yaml})
 * consumes and dead-letters with (brokers, and the client file's settings), the beans its kamelet calls, the workers
 * that run a poll's records side by side, and the health check of its brokers. With {@code hsm.kafka.enabled=false}
 * none of it exists.
 */
public final class KafkaDoorConfiguration implements CamelConfiguration {

    /** The pool a poll's records are processed on (the split in hsm-kafka-source). */
    public static final String WORKERS = "kafkaDoorWorkers";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaDoorConfiguration.class);

    @BeanInject
    private GatewayMeters meters;

    @Override
    public void configure(CamelContext context) throws Exception {
        KafkaDoorSettings settings = KafkaDoorSettings.load(context.getPropertiesComponent());
        if (!settings.enabled()) {
            // the door's YAML routes are not built either (precondition: "{{hsm.kafka.enabled}}")
            LOG.info("Kafka door off (hsm.kafka.enabled=false): no Kafka client, no Kafka routes");
            return;
        }
        Map<String, Object> client = settings.clientProperties();
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(settings.brokers());
        kafka.getConfiguration().setAdditionalProperties(new HashMap<>(client));
        context.getRegistry().bind("kafka", kafka);

        context.getRegistry().bind(KafkaRecordIdentity.BEAN_NAME, new KafkaRecordIdentity());
        context.getRegistry().bind(Utf8RecordHeaders.BEAN_NAME, new Utf8RecordHeaders());
        context.getRegistry().bind(KafkaBatches.BEAN_NAME,
                new KafkaBatches(settings.redeliveryDelayMs(), new KafkaDoorMeters(meters.registry())));
        ExecutorService workers = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "KafkaDoorWorker", settings.workers());
        context.getRegistry().bind(WORKERS, workers);

        KafkaBrokersHealthCheck brokers = new KafkaBrokersHealthCheck(() -> admin(settings, client), settings.brokers());
        HealthCheckRegistry.get(context).register(brokers);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                brokers.close();
            }
        });
        LOG.info("Kafka door: topic {} on {}, group {}, dead letters to {}", settings.topic(), settings.brokers(),
                settings.groupId(), settings.deadLetterTopic());
    }

    private static Admin admin(KafkaDoorSettings settings, Map<String, Object> client) {
        Map<String, Object> config = new HashMap<>(client);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.brokers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "hsm-gateway-health");
        return Admin.create(config);
    }
}
