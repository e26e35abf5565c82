package io.hsmgateway.doors.rabbitmq;

import io.hsmgateway.pipeline.DeadLetterEvents;
import org.apache.camel.Exchange;
import org.apache.camel.Handler;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.ReturnedMessage;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes a RabbitMQ door's dead letter so that it is either in a queue or refused: {@code mandatory}, and
 * confirmed by the broker. A confirm alone is not enough: the broker confirms a message its exchange routed to no
 * queue (none bound, or one an operator unbound) and drops it. Mandatory, it returns that message before the
 * confirm, and this throws, so the door keeps the consumed message and tries again (as for a refused confirm or
 * none within {@value #CONFIRM_TIMEOUT_MS} ms). camel-spring-rabbitmq's producer cannot publish mandatory.
 * <p>
 * The message: the event's body as bytes ({@link RabbitMqBodyBytes}), persistent, with the event's headers.
 */
public class RabbitMqDeadLetters {

    public static final String BEAN_NAME = "rabbitMqDeadLetters";
    static final long CONFIRM_TIMEOUT_MS = 5000;

    private final RabbitTemplate template;
    private final RabbitMqBodyBytes bodyBytes;

    /** {@code publisher}: a connection factory with correlated publisher confirms and returns. */
    public RabbitMqDeadLetters(CachingConnectionFactory publisher, RabbitMqBodyBytes bodyBytes) {
        if (!publisher.isPublisherConfirms() || !publisher.isPublisherReturns()) {
            throw new IllegalArgumentException("dead letters need correlated publisher confirms and returns");
        }
        this.template = new RabbitTemplate(publisher);
        this.template.setMandatory(true);
        this.bodyBytes = bodyBytes;
    }

    @Handler
    public void publish(Exchange event, String exchange, String routingKey) throws Exception {
        MessageProperties properties = new MessageProperties();
        for (String header : DeadLetterEvents.HEADERS) {
            String value = event.getMessage().getHeader(header, String.class);
            if (value != null) {
                properties.setHeader(header, value);
            }
        }
        Message message = bodyBytes.toMessage(event.getMessage().getBody(), properties);
        CorrelationData correlation = new CorrelationData();
        template.send(exchange, routingKey, message, correlation);
        CorrelationData.Confirm confirm;
        try {
            confirm = correlation.getFuture().get(CONFIRM_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the broker did not confirm the dead letter within " + CONFIRM_TIMEOUT_MS + " ms");
        } catch (ExecutionException e) {
            throw new IllegalStateException("the dead letter was not confirmed: " + e.getCause().getMessage());
        }
        if (!confirm.isAck()) {
            throw new IllegalStateException("the broker refused the dead letter: " + confirm.getReason());
        }
        ReturnedMessage returned = correlation.getReturned();
        if (returned != null) {
            throw new IllegalStateException("exchange '" + exchange + "' routed the dead letter to no queue ("
                    + returned.getReplyCode() + " " + returned.getReplyText() + ")");
        }
    }
}
