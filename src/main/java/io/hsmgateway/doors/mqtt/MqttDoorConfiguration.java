package io.hsmgateway.doors.mqtt;

import io.hsmgateway.doors.FailedReplies;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the MQTT door's broker side: its connection ({@link MqttDoorConnection}), the {@code hsm-mqtt} component
 * its kamelet consumes with, the Paho client its dead letters and replies are published with
 * ({@code paho-mqtt5:...?client=#mqttDoorClient}), its identity rule and its health check. The route lives in
 * {@code routes/mqtt-door.camel.yaml}. With {@code hsm.mqtt.enabled=false} none of it exists.
 */
public final class MqttDoorConfiguration implements CamelConfiguration {

    /** Registry name of the door's Paho client, for camel-paho-mqtt5 producers. */
    public static final String CLIENT = "mqttDoorClient";

    private static final Logger LOG = LoggerFactory.getLogger(MqttDoorConfiguration.class);

    @Override
    public void configure(CamelContext context) throws Exception {
        MqttDoorSettings settings = MqttDoorSettings.load(context.getPropertiesComponent());
        if (!settings.enabled()) {
            LOG.info("MQTT door off (hsm.mqtt.enabled=false): no connection, no MQTT routes");
            return;
        }
        MqttDoorConnection connection = new MqttDoorConnection(settings);
        // started with Camel before the routes, stopped after them (so after the door's consumer)
        context.addService(connection);
        context.getRegistry().bind(MqttDoorComponent.NAME, new MqttDoorComponent(connection));
        context.getRegistry().bind(CLIENT, connection.client());
        context.getRegistry().bind(MqttMessageIdentity.BEAN_NAME,
                new MqttMessageIdentity(context.getRegistry().findSingleByType(MeterRegistry.class)));
        context.getRegistry().bind(MqttPublishProperties.BEAN_NAME, new MqttPublishProperties());
        FailedReplies.addOnce(context);
        HealthCheckRegistry.get(context).register(new MqttBrokerHealthCheck(connection));
        LOG.info("MQTT door: {}", settings);
    }
}
