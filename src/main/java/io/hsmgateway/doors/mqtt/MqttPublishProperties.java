package io.hsmgateway.doors.mqtt;

import org.apache.camel.Exchange;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * The MQTT 5 properties of what the door publishes, for camel-paho-mqtt5's producer (header
 * {@code CamelPahoMqtt5MsgProperties}): a dead letter's reason as user properties, a reply's correlation data.
 */
public class MqttPublishProperties {

    public static final String BEAN_NAME = "mqttPublishProperties";
    /** The dead-letter headers (hsm-dead-letter-source) that become user properties; never the api key. */
    static final List<String> REASON = List.of("websiteId", "channel", "code", "statusCode", "description",
            "notificationId");

    public MqttProperties deadLetter(Exchange exchange) {
        List<UserProperty> reason = new ArrayList<>();
        for (String name : REASON) {
            String value = exchange.getMessage().getHeader(name, String.class);
            if (value != null) {
                reason.add(new UserProperty(name, value));
            }
        }
        MqttProperties properties = new MqttProperties();
        properties.setUserProperties(reason);
        return properties;
    }

    public MqttProperties reply(Exchange exchange) {
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        byte[] correlation = exchange.getProperty(MqttDoorConsumer.CORRELATION_DATA, byte[].class);
        if (correlation != null) {
            properties.setCorrelationData(correlation);
        }
        return properties;
    }
}
