package io.hsmgateway.doors.mqtt;

import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A producer's (or a dead-letter reader's) own MQTT 5 client: Eclipse Paho used directly, not the door's code. */
final class MqttTestClient implements AutoCloseable {

    /** A message read from a subscription: its payload and user properties. */
    record Received(String topic, String payload, Map<String, String> userProperties, byte[] correlationData) {
    }

    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    MqttTestClient(String brokerUrl) throws MqttException {
        client = new MqttClient(brokerUrl, "hsm-test-" + UUID.randomUUID(), new MemoryPersistence());
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Map<String, String> user = new LinkedHashMap<>();
                if (message.getProperties() != null && message.getProperties().getUserProperties() != null) {
                    message.getProperties().getUserProperties().forEach(p -> user.put(p.getKey(), p.getValue()));
                }
                received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), user,
                        message.getProperties() == null ? null : message.getProperties().getCorrelationData()));
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.mqttv5.client.IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 2);
        client.setTimeToWait(10_000);
        client.connect(options);
    }

    void subscribe(String topic) throws MqttException {
        client.subscribe(topic, 1);
    }

    /** Publishes at QoS 1 and waits for the broker's PUBACK. */
    void publish(String topic, String payload, Map<String, String> userProperties) throws MqttException {
        publish(topic, payload.getBytes(StandardCharsets.UTF_8), userProperties, null, null);
    }

    void publish(String topic, byte[] payload, Map<String, String> userProperties, String responseTopic,
                 byte[] correlationData) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        List<UserProperty> user = new ArrayList<>();
        userProperties.forEach((k, v) -> user.add(new UserProperty(k, v)));
        properties.setUserProperties(user);
        if (responseTopic != null) {
            properties.setResponseTopic(responseTopic);
            properties.setCorrelationData(correlationData);
        }
        message.setProperties(properties);
        for (int tries = 1; ; tries++) {
            try {
                client.publish(topic, message);
                return;
            } catch (MqttException e) {
                // Paho 1.2.5 counts a publish in flight a moment after its PUBACK has released the caller
                if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT
                        || tries == 1_000) {
                    throw e;
                }
                try {
                    Thread.sleep(1);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Publishes until the broker takes it (PUBACK), as a producer does across a broker restart. */
    void publishUntilTaken(String topic, String payload, Map<String, String> userProperties, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                publish(topic, payload, userProperties);
                return;
            } catch (MqttException notTaken) {
                if (System.nanoTime() > deadline) {
                    throw notTaken;
                }
                Thread.sleep(200);
            }
        }
    }

    Received next(Duration within) throws InterruptedException {
        return received.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close(true);
    }
}
