package io.hsmgateway.doors.jms;

import org.apache.camel.spi.PropertiesComponent;

import java.nio.file.Path;

/**
 * The JMS door's {@code hsm.jms.*} keys (defaults in {@code config/application.properties}).
 * No broker URL: the gateway starts its own embedded Artemis broker.
 */
public record JmsDoorSettings(
        boolean enabled,
        String brokerUrl,
        String username,
        String password,
        String queue,
        String deadLetterQueue,
        String embeddedAcceptor,
        Path dataDir,
        int maxDeliveryAttempts) {

    public static JmsDoorSettings load(PropertiesComponent properties) {
        return new JmsDoorSettings(
                Boolean.parseBoolean(text(properties, "hsm.jms.enabled")),
                text(properties, "hsm.jms.broker-url"),
                text(properties, "hsm.jms.username"),
                text(properties, "hsm.jms.password"),
                text(properties, "hsm.jms.queue"),
                text(properties, "hsm.jms.dead-letter-queue"),
                text(properties, "hsm.jms.embedded-acceptor"),
                Path.of(text(properties, "hsm.jms.data-dir")).toAbsolutePath().normalize(),
                Integer.parseInt(text(properties, "hsm.jms.max-delivery-attempts")));
    }

    public boolean embedded() {
        return brokerUrl.isEmpty();
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}
