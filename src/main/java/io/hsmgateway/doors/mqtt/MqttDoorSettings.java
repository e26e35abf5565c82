package io.hsmgateway.doors.mqtt;

import org.apache.camel.spi.PropertiesComponent;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The MQTT door's {@code hsm.mqtt.*} keys (defaults in {@code config/application.properties}). */
public record MqttDoorSettings(
        boolean enabled,
        String brokerUrl,
        String clientId,
        String username,
        String password,
        long sessionExpirySeconds,
        int concurrentConsumers) {

    public static MqttDoorSettings load(PropertiesComponent properties) {
        String clientId = text(properties, "hsm.mqtt.client-id");
        return new MqttDoorSettings(
                Boolean.parseBoolean(text(properties, "hsm.mqtt.enabled")),
                text(properties, "hsm.mqtt.broker-url"),
                clientId.isEmpty() ? defaultClientId(text(properties, "hsm.http.port")) : clientId,
                text(properties, "hsm.mqtt.username"),
                text(properties, "hsm.mqtt.password"),
                Long.parseLong(text(properties, "hsm.mqtt.session-expiry-seconds")),
                Integer.parseInt(text(properties, "hsm.mqtt.concurrent-consumers")));
    }

    /**
     * Unique per node and the same after a restart: the broker keeps a node's session (its unacknowledged
     * messages) under its client id, and gives them back only to a client that connects with the same id.
     * Host name and HTTP port: two nodes on one host differ by their port, a restarted node finds its session.
     */
    static String defaultClientId(String httpPort) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        return "hsm-gateway-" + host.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + httpPort;
    }

    /** No password in logs. */
    @Override
    public String toString() {
        return "MqttDoorSettings[brokerUrl=" + brokerUrl + ", clientId=" + clientId + ", username=" + username
                + ", sessionExpirySeconds=" + sessionExpirySeconds + ", concurrentConsumers=" + concurrentConsumers + "]";
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}
