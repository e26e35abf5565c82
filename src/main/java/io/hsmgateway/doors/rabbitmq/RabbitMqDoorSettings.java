package io.hsmgateway.doors.rabbitmq;

import org.apache.camel.spi.PropertiesComponent;

/** The RabbitMQ door's {@code hsm.rabbitmq.*} keys (defaults in {@code config/application.properties}). */
public record RabbitMqDoorSettings(
        boolean enabled,
        String host,
        int port,
        String virtualHost,
        String username,
        String password,
        int connectionTimeoutMs,
        int concurrentConsumers) {

    public static RabbitMqDoorSettings load(PropertiesComponent properties) {
        return new RabbitMqDoorSettings(
                Boolean.parseBoolean(text(properties, "hsm.rabbitmq.enabled")),
                text(properties, "hsm.rabbitmq.host"),
                Integer.parseInt(text(properties, "hsm.rabbitmq.port")),
                text(properties, "hsm.rabbitmq.virtual-host"),
                text(properties, "hsm.rabbitmq.username"),
                text(properties, "hsm.rabbitmq.password"),
                Integer.parseInt(text(properties, "hsm.rabbitmq.connection-timeout-ms")),
                Integer.parseInt(text(properties, "hsm.rabbitmq.concurrent-consumers")));
    }

    /** The password never appears in a record's string form (logs, exceptions, debuggers). */
    @Override
    public String toString() {
        return "RabbitMqDoorSettings[" + host + ":" + port + ", virtualHost=" + virtualHost + ", username=" + username + "]";
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}
