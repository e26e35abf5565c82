package io.hsmgateway.doors.mqtt;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

import java.util.Map;

/**
 * {@code hsm-mqtt:<topic>}: the MQTT door's consumer (see {@link MqttDoorConsumer} for why it is ours and not
 * camel-paho-mqtt5's), on the door's {@link MqttDoorConnection}. Options: {@code sharedGroup} (empty: a plain
 * subscription) and {@code concurrentConsumers}.
 */
public class MqttDoorComponent extends DefaultComponent {

    public static final String NAME = "hsm-mqtt";

    private final MqttDoorConnection connection;

    public MqttDoorComponent(MqttDoorConnection connection) {
        this.connection = connection;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        MqttDoorEndpoint endpoint = new MqttDoorEndpoint(uri, this, connection, remaining);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
