package io.hsmgateway.doors.rabbitmq;

import io.hsmgateway.doors.FailedReplies;
import io.hsmgateway.observe.GatewayMeters;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.springrabbit.SpringRabbitMQComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.CamelThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/**
 * Wires the RabbitMQ door's broker side (no Spring Boot): two connections to the broker, one for the door's
 * consumers (component {@value #COMPONENT}) and one for what the door publishes (dead letters, with publisher
 * confirms, and replies), so a publisher held back by the broker's flow control never stalls the consumers; the
 * message identity, the body converter, the declarations made on each new connection of the consumers (the gateway
 * starts while RabbitMQ is away, the door consumes once it answers), and the health check of that connection. The
 * route itself lives in {@code routes/rabbitmq-door.camel.yaml}. With {@code hsm.rabbitmq.enabled=false} none of it
 * exists.
 */
public final class RabbitMqDoorConfiguration implements CamelConfiguration {

    public static final String CHANNEL = "rabbitmq";
    /** The component the door's consumer uses (its dead letters and replies are published by beans of this class). */
    public static final String COMPONENT = "spring-rabbitmq";

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqDoorConfiguration.class);

    @BeanInject
    private GatewayMeters meters;

    @Override
    public void configure(CamelContext context) throws Exception {
        RabbitMqDoorSettings settings = RabbitMqDoorSettings.load(context.getPropertiesComponent());
        if (!settings.enabled()) {
            // the door's YAML routes are not built either (precondition: "{{hsm.rabbitmq.enabled}}")
            LOG.info("RabbitMQ door off (hsm.rabbitmq.enabled=false)");
            return;
        }
        LOG.info("RabbitMQ door uses the broker {}:{} (virtual host {})", settings.host(), settings.port(),
                settings.virtualHost());
        CachingConnectionFactory consumers = configured(settings, "hsm-gateway rabbitmq door",
                new CachingConnectionFactory(settings.host(), settings.port()));
        // the listener container runs each consumer's messages on its connection's threads: one per consumer, or
        // the RabbitMQ client's default (2 per core) would bound the door's concurrency, whatever concurrent-consumers says
        ExecutorService listeners = Executors.newFixedThreadPool(settings.concurrentConsumers(),
                new CamelThreadFactory("#name# #counter#", "rabbitmq-door", true));
        consumers.setExecutor(listeners);
        // dead letters wait for the broker's confirm, and for it to have routed them to a queue, before the consumed
        // message is acknowledged (RabbitMqDeadLetters)
        ExecutorService publisherThreads = publisherChannelThreads();
        CachingConnectionFactory publisher = configured(settings, "hsm-gateway rabbitmq door publisher",
                new CachingConnectionFactory(settings.host(), settings.port()) {
                    @Override
                    protected ExecutorService getChannelsExecutor() {
                        return publisherThreads;
                    }
                });
        publisher.setPublisherConfirmType(CachingConnectionFactory.ConfirmType.CORRELATED);
        publisher.setPublisherReturns(true);

        // the queue and exchanges the route declares when it starts, declared again on each new connection: a broker
        // away at start-up (or one that lost them) is waited for, not fatal to the gateway. Its connection listener goes
        // first, so that readiness turns UP only once they are declared on the new connection
        RabbitMqDeclarations declarations = new RabbitMqDeclarations(consumers);
        RabbitMqBrokerHealthCheck brokerConnection = new RabbitMqBrokerHealthCheck();
        consumers.addConnectionListener(brokerConnection);
        HealthCheckRegistry.get(context).register(brokerConnection);

        RabbitMqBodyBytes bodyBytes = new RabbitMqBodyBytes();
        SpringRabbitMQComponent component = new SpringRabbitMQComponent();
        component.setConnectionFactory(consumers);
        component.setMessageConverter(bodyBytes);
        component.setAmqpAdmin(declarations);
        context.getRegistry().bind(COMPONENT, component);
        context.getRegistry().bind(RabbitMqBodyBytes.BEAN_NAME, bodyBytes);
        context.getRegistry().bind(RabbitMqDeadLetters.BEAN_NAME, new RabbitMqDeadLetters(publisher, bodyBytes));
        context.getRegistry().bind(RabbitMqMessageIdentity.BEAN_NAME, new RabbitMqMessageIdentity(meters.registry()));
        context.getRegistry().bind(RabbitMqReplies.PUBLISHER, new RabbitMqReplies.Publisher(new RabbitTemplate(publisher)));
        context.addRoutes(new RabbitMqReplies());
        FailedReplies.addOnce(context);
        // closed on shutdown once the routes have stopped (the consumers' unacknowledged messages go back to the queue)
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                consumers.destroy();
                publisher.destroy();
                publisherThreads.shutdown();
                listeners.shutdown();
            }
        });
    }

    /**
     * The threads Spring AMQP runs the publisher's channel work on (returned messages, and waiting for the confirms of
     * a channel it puts back in its cache). That wait throws when the broker closed the channel (a dead letter sent to
     * an exchange that is gone): the dead letter has failed already, reported and retried by the door, so one DEBUG
     * line, not a stack trace on stderr.
     */
    private static ExecutorService publisherChannelThreads() {
        ThreadFactory named = new CamelThreadFactory("#name# #counter#", "rabbitmq-door-publisher", true);
        return Executors.newCachedThreadPool(task -> {
            Thread thread = named.newThread(task);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.debug("RabbitMQ publisher channel: {}", e.toString()));
            return thread;
        });
    }

    /** {@code factory} with the door's virtual host, credentials, connect timeout and connection name. */
    private static CachingConnectionFactory configured(RabbitMqDoorSettings settings, String name,
                                                       CachingConnectionFactory factory) {
        factory.setVirtualHost(settings.virtualHost());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        factory.setConnectionTimeout(settings.connectionTimeoutMs());
        factory.setConnectionNameStrategy(f -> name);
        return factory;
    }
}
