package io.hsmgateway.doors.rabbitmq;

import io.hsmgateway.doors.FailureReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpConnectException;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.rabbit.core.RabbitAdmin;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The door's queue and exchanges (what the consumer's endpoint declares when its route starts: the queue, the
 * exchange, the dead-letter exchange and queue, their bindings), declared again on every new connection of the
 * consumers, before a consumer uses it. A broker that does not answer when the gateway starts therefore does not
 * stop the gateway: the declarations wait for the connection that Spring's listener container keeps retrying
 * (readiness check {@value RabbitMqBrokerHealthCheck#ID} DOWN meanwhile), and the door consumes as soon as the
 * broker answers. A broker that answers but refuses a declaration (a queue of that name with other arguments)
 * still fails the start, naming it.
 */
public class RabbitMqDeclarations extends RabbitAdmin implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitMqDeclarations.class);

    private final List<Declarable> declarables = new CopyOnWriteArrayList<>();
    private final String broker;
    /** Set when the broker did not answer a declaration: the rest wait for the connection (no timeout each). */
    private volatile boolean waitingForBroker;

    public RabbitMqDeclarations(CachingConnectionFactory consumers) {
        super(consumers);
        this.broker = consumers.getHost() + ":" + consumers.getPort() + " (virtual host " + consumers.getVirtualHost() + ")";
        consumers.addConnectionListener(this);
    }

    @Override
    public void declareExchange(Exchange exchange) {
        declareNowOrOnConnect(exchange, () -> super.declareExchange(exchange));
    }

    @Override
    public String declareQueue(Queue queue) {
        declareNowOrOnConnect(queue, () -> super.declareQueue(queue));
        return queue.getName();
    }

    @Override
    public void declareBinding(Binding binding) {
        declareNowOrOnConnect(binding, () -> super.declareBinding(binding));
    }

    private void declareNowOrOnConnect(Declarable declarable, Runnable declaration) {
        if (waitingForBroker) {
            declarables.add(declarable);
            return;
        }
        try {
            declaration.run();
            declarables.add(declarable);
        } catch (AmqpConnectException e) {
            declarables.add(declarable);
            waitingForBroker = true;
            LOG.warn("RabbitMQ door: the broker {} does not answer ({}); the gateway starts without it, and the door"
                    + " declares its queue and exchanges and consumes as soon as it answers (readiness check {} DOWN until then)",
                    broker, FailureReason.of(e), RabbitMqBrokerHealthCheck.ID);
        }
    }

    /** Every declaration made so far, in order (Spring's listener container calls this when queues are missing). */
    @Override
    public void initialize() {
        for (Declarable declarable : declarables) {
            if (declarable instanceof Exchange exchange) {
                super.declareExchange(exchange);
            } else if (declarable instanceof Queue queue) {
                super.declareQueue(queue);
            } else if (declarable instanceof Binding binding) {
                super.declareBinding(binding);
            }
        }
    }

    /**
     * A new connection of the consumers (the first one, or after an outage): declared on it before any consumer
     * subscribes (the connection factory calls this while the consumers wait for the connection). Re-entrant calls
     * of the declarations themselves find the connection already made.
     */
    @Override
    public void onCreate(Connection connection) {
        if (declarables.isEmpty()) {
            return; // the route's start is making its first declaration, on this very connection
        }
        initialize();
        if (waitingForBroker) {
            waitingForBroker = false;
            LOG.info("RabbitMQ door: the broker {} answers; queue and exchanges declared, consuming", broker);
        }
    }
}
