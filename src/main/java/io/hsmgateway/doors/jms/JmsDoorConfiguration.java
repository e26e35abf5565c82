package io.hsmgateway.doors.jms;

import io.hsmgateway.doors.FailedReplies;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import io.hsmgateway.config.DatabaseConfiguration;
import io.hsmgateway.config.GatewaySettings;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wires the JMS door's broker side: the embedded Artemis broker (unless {@code hsm.jms.broker-url} names
 * an external one), the {@code jms} component the door's YAML route ({@code routes/jms-door.camel.yaml})
 * consumes with, and the health check of its connection to the broker. The route itself, and what it does with
 * a message, lives in that YAML file. With {@code hsm.jms.enabled=false} none of it exists.
 */
public final class JmsDoorConfiguration implements CamelConfiguration {

    /** Registry name of the running {@link EmbeddedBroker}, when there is one. */
    public static final String EMBEDDED_BROKER = "hsmEmbeddedBroker";
    public static final String CONNECTION_FACTORY = "jmsConnectionFactory";

    /**
     * Bytes of messages each of the door's consumers is sent ahead of the one it works on. Artemis' default, 1 MiB,
     * is thousands of small messages per consumer: with tens of consumers a backlog would move from the broker (which
     * pages it to disk) into the gateway's heap. An external broker's URL may set its own ({@code consumerWindowSize}).
     */
    static final int CONSUMER_WINDOW_BYTES = 64 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(JmsDoorConfiguration.class);

    @BeanInject
    private GatewaySettings gateway;

    @Override
    public void configure(CamelContext context) throws Exception {
        JmsDoorSettings settings = JmsDoorSettings.load(context.getPropertiesComponent(), gateway.requestMaxBytes());
        if (!settings.enabled()) {
            // the door's YAML routes are not built either (precondition: "{{hsm.jms.enabled}}")
            LOG.info("JMS door off (hsm.jms.enabled=false): no broker, no JMS routes");
            return;
        }
        context.addRoutes(new JmsReplies());
        FailedReplies.addOnce(context);
        ActiveMQConnectionFactory connectionFactory;
        ActiveMQConnectionFactory replyFactory;
        BrokerCredentials consumer;
        if (settings.embedded()) {
            // before Artemis, which would wait forever for a journal another process holds
            DatabaseConfiguration.holdOrFail(context, settings.dataDir().resolve("gateway.lock"),
                    "the embedded broker's journal (hsm.jms.data-dir)");
            EmbeddedBroker broker = new EmbeddedBroker(settings);
            // up before the routes start (Camel's start waits for the start begun here, which runs while the rest
            // of the gateway is configured), stopped after them (and so after the door's consumer); shut down with
            // the context also when its start failed
            context.addService(broker, true, false);
            broker.beginStart();
            context.getRegistry().bind(EMBEDDED_BROKER, broker);
            consumer = broker.gatewayCredentials();
            BrokerCredentials replies = broker.replyCredentials();
            connectionFactory = new ActiveMQConnectionFactory(broker.inVmUrl(), consumer.user(), consumer.password());
            replyFactory = new ActiveMQConnectionFactory(broker.inVmUrl(), replies.user(), replies.password());
        } else {
            consumer = new BrokerCredentials(emptyToNull(settings.username()), emptyToNull(settings.password()));
            connectionFactory = new ActiveMQConnectionFactory(settings.brokerUrl(), consumer.user(), consumer.password());
            replyFactory = new ActiveMQConnectionFactory(settings.brokerUrl(), consumer.user(), consumer.password());
            // the query part may carry credentials
            LOG.info("JMS door uses the external broker {}", settings.brokerUrl().replaceFirst("\\?.*", ""));
        }
        if (!settings.brokerUrl().toLowerCase(Locale.ROOT).contains("consumerwindowsize=")) {
            connectionFactory.setConsumerWindowSize(CONSUMER_WINDOW_BYTES);
        }
        bindJms(context, connectionFactory, replyFactory);
        Supplier<String> nodeId = BrokerNodeId.askedOnce(connectionFactory, consumer.user(), consumer.password());
        context.getRegistry().bind(JmsMessageIdentity.BEAN_NAME, new JmsMessageIdentity(nodeId));
        // asked at start-up (after the embedded broker has started): a broker that will not say stops the gateway
        context.addService(new ServiceSupport() {
            @Override
            protected void doStart() {
                nodeId.get();
            }
        });
    }

    /**
     * The consumer and its DLQ producer share one connection factory, so a dead letter rides on the consumed
     * message's local transaction (it is acknowledged only once its dead letter is stored). Replies get a
     * factory of their own: outside that transaction, and synchronous, so a failing reply surfaces at once.
     */
    private static void bindJms(CamelContext context, ActiveMQConnectionFactory connectionFactory,
                                ActiveMQConnectionFactory replyFactory) throws Exception {
        context.getRegistry().bind(CONNECTION_FACTORY, connectionFactory);
        JmsComponent jms = JmsComponent.jmsComponent(connectionFactory);
        BrokerConnectionHealthCheck brokerConnection = new BrokerConnectionHealthCheck(jms);
        jms.getConfiguration().setExceptionListener(brokerConnection);
        HealthCheckRegistry.get(context).register(brokerConnection);
        context.getRegistry().bind("jms", jms);
        replyFactory.setBlockOnDurableSend(true);
        replyFactory.setBlockOnNonDurableSend(true);
        context.getRegistry().bind(JmsReplies.COMPONENT, JmsComponent.jmsComponent(replyFactory));
        ReplyDestinations replyDestinations = new ReplyDestinations(replyFactory);
        context.getRegistry().bind(ReplyDestinations.BEAN_NAME, replyDestinations);
        // closed on shutdown once the routes have stopped (and, services stopping in reverse, before the broker)
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                connectionFactory.close();
                replyDestinations.close();
                replyFactory.close();
            }
        });
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
