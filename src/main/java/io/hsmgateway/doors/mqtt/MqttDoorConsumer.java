package io.hsmgateway.doors.mqtt;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Consumes the MQTT door's topic and acknowledges each message (PUBACK) only once the route is done with it.
 * <p>
 * Why not camel-paho-mqtt5's consumer: with {@code manualAcksEnabled} it too acknowledges after the exchange,
 * but (4.17/4.18) it runs every message on Paho's one callback thread, one at a time (a notification's round
 * trip each); a message whose exchange fails or rolls back is never acknowledged nor redelivered
 * while the connection lasts (an MQTT broker redelivers only on a new connection), and keeps one of the broker's
 * in-flight slots until then; and its start fails when the broker is down, so the gateway would not start.
 * <p>
 * Here each message is worked on by one of {@code concurrentConsumers} threads; the broker's receive maximum
 * ({@link MqttDoorConnection}) bounds what waits for them. A message the route marks rollback-only (the sink's
 * "not done, try later": SERVICE_UNAVAILABLE, IDEMPOTENCY_CONFLICT, a dead letter that could not be published)
 * or that fails is run again by the same thread after a pause (1 s, doubling to 30 s) with the same identity:
 * MQTT has no negative acknowledgement. Stopping lets what is being worked on finish (up to 10 s) and leaves the
 * rest unacknowledged: the broker redelivers it when this client id connects again.
 */
public class MqttDoorConsumer extends DefaultConsumer {

    /** Message headers the door sets from the MQTT 5 user properties of the same names. */
    public static final String WEBSITE_ID = "websiteId";
    public static final String API_KEY = "apikey";
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** Exchange properties: the request's MQTT 5 response topic and correlation data, when it has them. */
    public static final String RESPONSE_TOPIC = "mqttDoorResponseTopic";
    public static final String CORRELATION_DATA = "mqttDoorCorrelationData";
    /** Header: true when the broker redelivered the message (DUP). */
    public static final String DUPLICATE = "mqttDoorDuplicate";

    private static final Logger LOG = LoggerFactory.getLogger(MqttDoorConsumer.class);
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    /** How long stopping waits for the messages being worked on before it interrupts them. */
    private static final long STOP_GRACE_MS = 10_000;

    private ExecutorService workers;
    private CountDownLatch stopping;

    public MqttDoorConsumer(MqttDoorEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public MqttDoorEndpoint getEndpoint() {
        return (MqttDoorEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        stopping = new CountDownLatch(1);
        int threads = Math.max(1, getEndpoint().getConcurrentConsumers());
        workers = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "mqtt-door", threads);
        getEndpoint().connection().subscribe(getEndpoint().subscription(),
                (message, connection) -> workers.execute(() -> handle(message, connection)));
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().connection().unlisten();
        if (stopping != null) {
            stopping.countDown();   // ends the pauses between tries at once
        }
        if (workers != null) {
            // lets the messages being worked on finish (their PUBACK goes out); past the grace period they are
            // interrupted, unacknowledged, and redelivered after the restart (their identity: not sent twice)
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(workers, STOP_GRACE_MS);
        }
        super.doStop();
    }

    private void handle(MqttMessage message, long connection) {
        Duration pause = FIRST_PAUSE;
        while (isRunAllowed()) {
            Exchange exchange = createExchange(false);
            boolean done = false;
            try {
                fill(exchange, message);
                getProcessor().process(exchange);
                done = exchange.getException() == null && !exchange.isRollbackOnly();
                if (!done) {
                    LOG.warn("MQTT door: message {} not done ({}); trying again in {} s", message.getId(),
                            exchange.getException() != null ? exchange.getException().getMessage() : "rolled back",
                            pause.toSeconds());
                }
            } catch (Exception e) {
                LOG.warn("MQTT door: message {} failed ({}); trying again in {} s", message.getId(), e.getMessage(),
                        pause.toSeconds());
            } finally {
                releaseExchange(exchange, false);
            }
            if (done) {
                acknowledge(message, connection);
                return;
            }
            try {
                if (stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;   // stopping: left unacknowledged, redelivered after the restart
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    private void acknowledge(MqttMessage message, long connection) {
        try {
            getEndpoint().connection().ack(message, connection);
        } catch (Exception e) {
            // the connection dropped: the broker redelivers the message, and its identity makes it the same notification
            LOG.warn("MQTT door: could not acknowledge message {} ({}); the broker will redeliver it",
                    message.getId(), e.getMessage());
        }
    }

    private static void fill(Exchange exchange, MqttMessage message) {
        exchange.getMessage().setBody(message.getPayload());
        exchange.getMessage().setHeader(DUPLICATE, message.isDuplicate());
        MqttProperties properties = message.getProperties();
        if (properties == null) {
            return;
        }
        List<UserProperty> user = properties.getUserProperties();
        if (user != null) {
            for (UserProperty property : user) {
                switch (property.getKey()) {
                    // the first of a repeated name wins, as for an HTTP header read once
                    case WEBSITE_ID, API_KEY, IDEMPOTENCY_KEY -> {
                        if (exchange.getMessage().getHeader(property.getKey()) == null) {
                            exchange.getMessage().setHeader(property.getKey(), property.getValue());
                        }
                    }
                    default -> { }
                }
            }
        }
        if (properties.getResponseTopic() != null && !properties.getResponseTopic().isEmpty()) {
            exchange.setProperty(RESPONSE_TOPIC, properties.getResponseTopic());
            exchange.setProperty(CORRELATION_DATA, properties.getCorrelationData());
        }
    }
}
