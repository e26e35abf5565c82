package io.hsmgateway.doors.mqtt;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Whether the MQTT door holds its connection to the broker: DOWN, with the last error, while it is connecting or
 * reconnecting (nothing is consumed meanwhile). Readiness only: the gateway itself is alive.
 */
public class MqttBrokerHealthCheck extends AbstractHealthCheck {

    public static final String ID = "mqtt-broker";

    private final MqttDoorConnection connection;

    public MqttBrokerHealthCheck(MqttDoorConnection connection) {
        super("hsm", ID);
        this.connection = connection;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        if (connection.connected()) {
            builder.up();
            return;
        }
        String error = connection.lastError();
        builder.message("MQTT door has no connection to its broker and is reconnecting"
                + (error == null ? "" : ": " + error)).down();
    }
}
