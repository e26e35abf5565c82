package io.hsmgateway.doors.mqtt;

import io.hsmgateway.doors.FailureReason;
import org.apache.camel.support.service.ServiceSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MQTT door's one connection to the broker (Eclipse Paho's MQTT 5 client): the door's consumer subscribes
 * through it, and its dead letters and replies are published on it (camel-paho-mqtt5 producers given this
 * client). What the guarantee needs from the connection:
 * <ul>
 * <li>manual acknowledgements ({@code setManualAcks(true)}): Paho sends no PUBACK when {@code messageArrived}
 *     returns; the consumer acknowledges a message ({@link #ack}) once its outcome is durable;</li>
 * <li>a session that outlives the connection ({@code cleanStart=false}, a session expiry, a client id that is the
 *     same after a restart): what was not acknowledged when the connection dropped or the process died is
 *     redelivered by the broker, with DUP set, when this client id connects again;</li>
 * <li>a receive maximum: the broker never has more unacknowledged messages out to this node than the door works
 *     on at once, so none waits in memory where a crash would only delay it;</li>
 * <li>it connects whenever the broker can be reached, at start-up and after a loss: tried every
 *     {@value #RETRY_SECONDS} s (the gateway runs meanwhile and is not ready), then subscribes again (a broker
 *     restarted without persistence, or Mosquitto 2.0 with a shared subscription, forgot it).</li>
 * </ul>
 */
public final class MqttDoorConnection extends ServiceSupport implements MqttCallback {

    /** What the consumer is given: the message, and the connection it came on (see {@link #ack}). */
    public interface Listener {
        void arrived(MqttMessage message, long connection);
    }

    public static final int QOS = 1;
    static final int RETRY_SECONDS = 2;
    /** How long a publish (dead letter, reply) waits for the broker's PUBACK. */
    static final long PUBLISH_TIMEOUT_MS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(MqttDoorConnection.class);

    private final MqttDoorSettings settings;
    private final AtomicLong connections = new AtomicLong();
    private final MqttClient client;
    private volatile ScheduledExecutorService connector;
    private volatile String subscription;
    private volatile Listener listener;
    private volatile String lastError = "not connected yet";

    public MqttDoorConnection(MqttDoorSettings settings) throws MqttException {
        this.settings = settings;
        // created now (it connects only at start) so that producers can be given it when their routes are built
        this.client = new MqttClient(settings.brokerUrl(), settings.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(this);
        client.setTimeToWait(PUBLISH_TIMEOUT_MS);
    }

    /** The Paho client, for camel-paho-mqtt5 producers ({@code client=#mqttDoorClient}). */
    public MqttClient client() {
        return client;
    }

    public boolean connected() {
        return client.isConnected();
    }

    public String lastError() {
        return lastError;
    }

    /** Subscribes {@code filter} (QoS 1) now and after every reconnection; its messages go to {@code listener}. */
    public void subscribe(String filter, Listener listener) {
        this.listener = listener;
        this.subscription = filter;
        if (connected()) {
            connector.execute(this::subscribeNow);
        }
    }

    /** The consumer stopped: what arrives now is left unacknowledged, for the broker to redeliver. */
    public void unlisten() {
        this.listener = null;
    }

    /**
     * Sends the PUBACK of {@code message}, which came on connection number {@code connection}. A message that came
     * on an earlier connection (or while there is none) is not acknowledged on this one: its packet id belonged to that connection, and the
     * broker has redelivered it since (DUP) on the new one, where that copy gets its own acknowledgement once it is
     * done (the same identity: not sent twice).
     */
    public void ack(MqttMessage message, long connection) throws MqttException {
        if (connection != connections.get() || !client.isConnected()) {
            LOG.debug("MQTT door: message {} came on an earlier connection; its redelivery is acknowledged instead",
                    message.getId());
            return;
        }
        client.messageArrivedComplete(message.getId(), message.getQos());
    }

    @Override
    protected void doStart() throws Exception {
        connector = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "mqtt-door-connector");
            thread.setDaemon(true);
            return thread;
        });
        connector.scheduleWithFixedDelay(this::keepConnected, 0, RETRY_SECONDS, TimeUnit.SECONDS);
        LOG.info("MQTT door: connecting to {} as client {}", settings.brokerUrl(), settings.clientId());
    }

    @Override
    protected void doStop() throws Exception {
        if (connector != null) {
            connector.shutdownNow();
        }
        try {
            if (client.isConnected()) {
                // a normal DISCONNECT keeps the session: what is not acknowledged is redelivered at the next start
                client.disconnect(1_000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT door: disconnect: {}", e.getMessage());
        } finally {
            try {
                client.close(true);
            } catch (MqttException ignored) {
                // closing anyway
            }
        }
    }

    /** Every {@value #RETRY_SECONDS} s on the connector thread: connects when there is no connection. */
    private void keepConnected() {
        if (client.isConnected()) {
            return;
        }
        try {
            client.connect(options());
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttClientException.REASON_CODE_CLIENT_TIMEOUT
                    || e.getReasonCode() == MqttClientException.REASON_CODE_CONNECT_IN_PROGRESS) {
                // Paho 1.2.5 stays "connecting" after a connect that timed out (every later connect: "Connect already
                // in progress"): seen when the broker restarts; reset the client's state for the next try
                resetAfterFailedConnect();
            }
            String error = FailureReason.of(e);
            if (!error.equals(lastError)) {
                LOG.warn("MQTT door: cannot connect to {} ({}); trying again every {} s", settings.brokerUrl(), error,
                        RETRY_SECONDS);
            }
            lastError = error;
        }
    }

    private void resetAfterFailedConnect() {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            LOG.debug("MQTT door: resetting the client after a failed connect: {}", e.getMessage());
        }
    }

    private MqttConnectionOptions options() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpirySeconds());
        // reconnecting is ours (keepConnected): Paho 1.2.5's automatic reconnect was seen to stop trying after a
        // broker restart (MqttBrokerRestartTest), leaving the door without a connection for good
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(10);
        options.setReceiveMaximum(Math.max(1, settings.concurrentConsumers() * 2));
        if (!settings.username().isEmpty()) {
            options.setUserName(settings.username());
            options.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        return options;
    }

    private void subscribeNow() {
        String filter = subscription;
        if (filter == null) {
            return;
        }
        try {
            IMqttToken granted = client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, QOS)});
            int code = granted.getReasonCodes() == null ? 0 : granted.getReasonCodes()[0];
            if (code >= 0x80) {
                throw new MqttException(code);
            }
            LOG.info("MQTT door: subscribed to {}", filter);
        } catch (MqttException e) {
            lastError = "subscribing to " + filter + ": " + FailureReason.of(e);
            LOG.warn("MQTT door: {}; trying again in {} s", lastError, RETRY_SECONDS);
            if (!connector.isShutdown()) {
                connector.schedule(this::subscribeNow, RETRY_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connections.incrementAndGet();
        lastError = null;
        LOG.info("MQTT door: connected to {}", serverURI);
        // not on Paho's callback thread: subscribing waits for the SUBACK, which that thread would deliver
        connector.execute(this::subscribeNow);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connections.incrementAndGet();   // what came on the lost connection is not acknowledged on another
        lastError = response.getException() != null ? FailureReason.of(response.getException())
                : "disconnected by the broker (reason code " + response.getReturnCode() + ")";
        LOG.warn("MQTT door: lost the broker ({}); reconnecting every {} s", lastError, RETRY_SECONDS);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        lastError = FailureReason.of(exception);
        LOG.warn("MQTT door: {}", lastError);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        Listener current = listener;
        if (current != null) {
            current.arrived(message, connections.get());
        }
        // else: no consumer (stopping); not acknowledged, so the broker redelivers it at the next connection
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // publishes (dead letters, replies) wait for their PUBACK where they are made
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
