package io.hsmgateway.doors.rabbitmq;

import com.rabbitmq.client.ShutdownSignalException;
import io.hsmgateway.doors.FailureReason;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionListener;

import java.util.Map;

/**
 * Whether the RabbitMQ door's consumers hold their connection to the broker: DOWN from the moment it is lost (or
 * while it was never made) until Spring's listener container has connected again (it retries every 5 s, for as
 * long as it takes). Camel's own checks cannot tell: the route stays started while the container reconnects. It
 * listens to the consumers' connection factory only, so it never opens a connection of its own to answer.
 */
public class RabbitMqBrokerHealthCheck extends AbstractHealthCheck implements ConnectionListener {

    public static final String ID = "rabbitmq-broker";

    private volatile boolean connected;
    private volatile String lastError = "not connected yet";

    public RabbitMqBrokerHealthCheck() {
        super("hsm", ID);
    }

    /** Readiness only: a gateway whose broker is away is alive, and restarting it would not bring the broker back. */
    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public void onCreate(Connection connection) {
        connected = true;
    }

    @Override
    public void onClose(Connection connection) {
        connected = false;
        lastError = "connection closed";
    }

    @Override
    public void onShutDown(ShutdownSignalException signal) {
        connected = false;
        lastError = FailureReason.of(signal);
    }

    @Override
    public void onFailed(Exception failure) {
        connected = false;
        lastError = FailureReason.of(failure);
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (connected) {
            builder.up();
        } else {
            builder.message("RabbitMQ door has no connection to the broker and is reconnecting: " + lastError).down();
        }
    }
}
