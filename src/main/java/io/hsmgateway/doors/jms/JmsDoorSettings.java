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
        int maxDeliveryAttempts,
        int requestMaxBytes) {

    /** @param requestMaxBytes the one request size limit of every door (hsm.request.max-bytes, read and checked once) */
    public static JmsDoorSettings load(PropertiesComponent properties, int requestMaxBytes) {
        return new JmsDoorSettings(
                Boolean.parseBoolean(text(properties, "hsm.jms.enabled")),
                text(properties, "hsm.jms.broker-url"),
                text(properties, "hsm.jms.username"),
                text(properties, "hsm.jms.password"),
                text(properties, "hsm.jms.queue"),
                text(properties, "hsm.jms.dead-letter-queue"),
                text(properties, "hsm.jms.embedded-acceptor"),
                Path.of(text(properties, "hsm.jms.data-dir")).toAbsolutePath().normalize(),
                Integer.parseInt(text(properties, "hsm.jms.max-delivery-attempts")),
                requestMaxBytes);
    }

    public boolean embedded() {
        return brokerUrl.isEmpty();
    }

    /** The operator named the user that may consume, browse and manage (else the embedded broker makes one up). */
    public boolean credentialsConfigured() {
        return !username.isEmpty() && !password.isEmpty();
    }

    /** hsm.jms.* secrets never appear in a record's string form (logs, exceptions, debuggers). */
    @Override
    public String toString() {
        return "JmsDoorSettings[brokerUrl=" + brokerUrl.replaceFirst("\\?.*", "") + ", username=" + username
                + ", queue=" + queue + ", embeddedAcceptor=" + embeddedAcceptor.replaceFirst("\\?.*", "") + "]";
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}
