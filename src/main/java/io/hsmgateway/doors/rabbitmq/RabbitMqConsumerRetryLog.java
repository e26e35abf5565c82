package io.hsmgateway.doors.rabbitmq;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.springframework.amqp.AmqpConnectException;

/**
 * Spring's listener container logs "Error creating consumer; retrying in 5000" at ERROR, with its stack trace,
 * every 5 s while the broker does not answer at start-up. That is said once, as a WARN, by
 * {@link RabbitMqDeclarations} (and the readiness check {@value RabbitMqBrokerHealthCheck#ID} is DOWN meanwhile):
 * this drops those repeats, only for a broker that cannot be reached. Registered by {@link io.hsmgateway.LogConfiguration}.
 */
public class RabbitMqConsumerRetryLog extends TurboFilter {

    static final String CONTAINER_LOGGER = "org.apache.camel.component.springrabbit.CamelDirectMessageListenerContainer";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        boolean brokerAwayRetry = level == Level.ERROR && t instanceof AmqpConnectException
                && CONTAINER_LOGGER.equals(logger.getName())
                && format != null && format.startsWith("Error creating consumer; retrying in");
        return brokerAwayRetry ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
