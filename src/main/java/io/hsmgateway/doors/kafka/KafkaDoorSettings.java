package io.hsmgateway.doors.kafka;

import io.hsmgateway.config.StartupFailure;
import org.apache.camel.spi.PropertiesComponent;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Kafka door's keys ({@code hsm.kafka.*}). {@code client-config} names a Kafka client properties file (what Kafka's
 * own tools take with {@code --producer.config} or {@code --command-config}): security and tuning settings for the door's consumer,
 * dead-letter producer and health check; never logged, it may hold credentials.
 */
public record KafkaDoorSettings(
        boolean enabled,
        String brokers,
        String topic,
        String deadLetterTopic,
        String groupId,
        int workers,
        long redeliveryDelayMs,
        String clientConfig) {

    /** What the door's guarantee rests on: a client file may not change it. */
    static final Set<String> DOOR_OWNED = Set.of("bootstrap.servers", "group.id", "enable.auto.commit",
            "auto.offset.reset", "key.deserializer", "value.deserializer", "key.serializer", "value.serializer",
            "max.poll.records", "isolation.level", "acks");

    public static KafkaDoorSettings load(PropertiesComponent properties) {
        return new KafkaDoorSettings(
                Boolean.parseBoolean(text(properties, "hsm.kafka.enabled")),
                text(properties, "hsm.kafka.brokers"),
                text(properties, "hsm.kafka.topic"),
                text(properties, "hsm.kafka.dead-letter-topic"),
                text(properties, "hsm.kafka.group-id"),
                Integer.parseInt(text(properties, "hsm.kafka.workers")),
                Long.parseLong(text(properties, "hsm.kafka.redelivery-delay-ms")),
                text(properties, "hsm.kafka.client-config"));
    }

    /** The client file's settings (none when no file is named); a missing file or a door-owned key stops the start. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> settings = new TreeMap<>();
        if (clientConfig.isEmpty()) {
            return settings;
        }
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(clientConfig))) {
            file.load(reader);
        } catch (IOException e) {
            throw new StartupFailure("hsm.kafka.client-config=" + clientConfig + ": cannot read it (" + e.getMessage() + ")");
        }
        for (String key : file.stringPropertyNames()) {
            if (DOOR_OWNED.contains(key)) {
                throw new StartupFailure("hsm.kafka.client-config=" + clientConfig + " sets " + key
                        + ", which the Kafka door sets itself (see the README, Kafka)");
            }
            settings.put(key, file.getProperty(key).trim());
        }
        return settings;
    }

    private static String text(PropertiesComponent properties, String key) {
        return properties.resolveProperty(key).map(String::trim).orElse("");
    }
}
