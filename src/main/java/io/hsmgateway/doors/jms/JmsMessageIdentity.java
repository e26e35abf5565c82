package io.hsmgateway.doors.jms;

import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.core.client.impl.ClientSessionFactoryInternal;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQSession;
import org.apache.camel.Exchange;
import org.apache.camel.component.jms.JmsMessage;

import java.util.function.Supplier;

/**
 * The JMS door's idempotency key for a consumed message: what makes a redelivery (rollback, consumer crash,
 * broker restart or failover) the same notification, and two different messages never one.
 * <ul>
 *   <li>{@code jms-key:<k>} when the producer set the message property {@value #PRODUCER_KEY} (a JMS string
 *       property, an AMQP application property, a STOMP header): its own resends are deduplicated, as REST
 *       does with {@code Idempotency-Key}.</li>
 *   <li>otherwise {@code jms-message:<broker node id>:<broker message id>}: the id Artemis gives a message when
 *       it stores it. It stays the same across redeliveries and restarts (it is in the journal, and a backup
 *       takes over the same node id), whatever the protocol. The {@code JMSMessageID} does not qualify: STOMP and
 *       AMQP producers may send none, AMQP ones may reuse one, and a message converted from AMQP gets a new one
 *       on every delivery.</li>
 * </ul>
 */
public class JmsMessageIdentity {

    public static final String BEAN_NAME = "jmsMessageIdentity";
    /** The message property a producer sets to deduplicate its own resends. */
    public static final String PRODUCER_KEY = "idempotencyKey";

    private final Supplier<String> standaloneNodeId;

    /** @param standaloneNodeId the node id of a broker outside a cluster topology (see {@link BrokerNodeId}) */
    public JmsMessageIdentity(Supplier<String> standaloneNodeId) {
        this.standaloneNodeId = standaloneNodeId;
    }

    public String key(Exchange exchange) throws Exception {
        JmsMessage message = exchange.getIn(JmsMessage.class);
        if (message == null) {
            throw new IllegalStateException("The JMS door's identity needs the consumed JMS message");
        }
        String producerKey = message.getJmsMessage().getStringProperty(PRODUCER_KEY);
        if (producerKey != null && !producerKey.isBlank()) {
            return "jms-key:" + producerKey;
        }
        if (!(message.getJmsMessage() instanceof ActiveMQMessage artemis)) {
            throw new IllegalStateException("The JMS door needs an ActiveMQ Artemis client, got "
                    + message.getJmsMessage().getClass().getName());
        }
        return "jms-message:" + brokerNodeId(message) + ":" + artemis.getCoreMessage().getMessageID();
    }

    /**
     * The node that delivered the message: message ids are unique per broker node (a primary and its backup
     * share one). A session knows it from the cluster topology; outside a cluster there is the one broker.
     */
    private String brokerNodeId(JmsMessage message) {
        if (message.getJmsSession() instanceof ActiveMQSession session) {
            ClientSession core = session.getCoreSession();
            if (core.getSessionFactory() instanceof ClientSessionFactoryInternal factory
                    && factory.getPrimaryNodeId() != null) {
                return factory.getPrimaryNodeId();
            }
        }
        return standaloneNodeId.get();
    }
}
