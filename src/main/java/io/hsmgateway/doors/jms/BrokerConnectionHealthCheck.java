package io.hsmgateway.doors.jms;

import io.hsmgateway.doors.FailureReason;
import jakarta.jms.ExceptionListener;
import jakarta.jms.JMSException;
import org.apache.camel.Route;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.jms.listener.DefaultMessageListenerContainer;

import java.util.List;
import java.util.Map;

/**
 * Whether the JMS door's listeners hold a connection to the broker: DOWN, with the broker's last error, while
 * one of them has lost it and is reconnecting (every 5 s, for as long as it takes). Camel's own checks cannot
 * tell: camel-jms consumers report no health of their own, and the route stays started while Spring's listener
 * container reconnects. Looks at every route consuming from the door's {@code jms} component, whatever its id.
 * It also listens for the listeners' connection errors (the component's {@code exceptionListener}).
 */
public class BrokerConnectionHealthCheck extends AbstractHealthCheck implements ExceptionListener {

    public static final String ID = "jms-broker";

    private final JmsComponent component;
    private volatile String lastError;

    public BrokerConnectionHealthCheck(JmsComponent component) {
        super("hsm", ID);
        this.component = component;
    }

    @Override
    public void onException(JMSException exception) {
        lastError = FailureReason.of(exception);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        List<String> reconnecting = getCamelContext().getRoutes().stream()
                .filter(this::reconnecting)
                .map(Route::getRouteId)
                .toList();
        if (reconnecting.isEmpty()) {
            builder.up();
            return;
        }
        builder.detail("reconnecting.routes", String.join(",", reconnecting));
        builder.message("JMS door " + String.join(", ", reconnecting) + " lost the broker and is reconnecting"
                + (lastError == null ? "" : ": " + lastError)).down();
    }

    private boolean reconnecting(Route route) {
        return route.getConsumer() instanceof JmsConsumer consumer
                && consumer.getEndpoint().getComponent() == component
                && consumer.isRunAllowed()
                && listenerContainer(consumer) instanceof DefaultMessageListenerContainer listener
                && listener.isRecovering();
    }

    private static Object listenerContainer(JmsConsumer consumer) {
        try {
            return consumer.getListenerContainer();
        } catch (Exception e) {
            return null;
        }
    }
}
