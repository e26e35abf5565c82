package io.hsmgateway.doors.rabbitmq;

import io.hsmgateway.doors.FailedReplies;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.amqp.core.Address;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

import java.nio.charset.StandardCharsets;

/**
 * Answers a RabbitMQ caller's {@code reply_to} with the envelope REST would give, its {@code correlation_id} the
 * request's (else the request's {@code message_id}). {@code reply_to} is a queue name (published by the default
 * exchange, e.g. {@code amq.rabbitmq.reply-to}) or {@code exchange/routingKey}. The answer comes after the send and
 * before the acknowledgement, so it must never undo it: a failing reply is logged and recorded on the notification
 * ({@code replyError}), never requeued into a resend.
 */
public class RabbitMqReplies extends RouteBuilder {

    public static final String ROUTE_ID = "door-rabbitmq-reply";
    public static final String ENDPOINT = "direct:" + ROUTE_ID;
    public static final String PUBLISHER = "rabbitMqReplyPublisher";
    /** Exchange properties the RabbitMQ door sets from the consumed message (the sink drops its headers). */
    public static final String REPLY_TO = "rabbitMqDoorReplyTo";
    public static final String CORRELATION_ID = "rabbitMqDoorCorrelationId";

    @Override
    public void configure() {
        from(ENDPOINT).routeId(ROUTE_ID)
                .filter(exchangeProperty(REPLY_TO).isNotNull())
                    .doTry()
                        .bean(PUBLISHER, "publish")
                    .doCatch(Exception.class)
                        .setProperty(FailedReplies.REPLY_TO, exchangeProperty(REPLY_TO))
                        .to(FailedReplies.ENDPOINT)
                    .end();
    }

    /** Publishes the envelope on the gateway's publishing connection (not the consumers'). */
    public static class Publisher {

        private final RabbitTemplate template;

        public Publisher(RabbitTemplate template) {
            this.template = template;
        }

        public void publish(Exchange exchange) {
            Address replyTo = new Address(exchange.getProperty(REPLY_TO, String.class));
            MessageProperties properties = new MessageProperties();
            properties.setCorrelationId(exchange.getProperty(CORRELATION_ID, String.class));
            properties.setContentType("application/json");
            properties.setContentEncoding(StandardCharsets.UTF_8.name());
            String envelope = exchange.getMessage().getBody(String.class);
            template.send(replyTo.getExchangeName(), replyTo.getRoutingKey(),
                    new Message(envelope.getBytes(StandardCharsets.UTF_8), properties));
        }
    }
}
