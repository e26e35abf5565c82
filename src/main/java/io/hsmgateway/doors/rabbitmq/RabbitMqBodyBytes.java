package io.hsmgateway.doors.rabbitmq;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.support.converter.MessageConversionException;
import org.springframework.amqp.support.converter.MessageConverter;

import java.nio.charset.StandardCharsets;

/**
 * A message's body as the bytes the producer sent, whatever its content_type: the pipeline reads them as strict
 * UTF-8 (as the JMS door's bytes), so Latin-1 bytes are refused with INVALID_BODY and dead-lettered unchanged,
 * never decoded into "Zo?". Spring's converters would decode {@code text/*} leniently in the declared encoding
 * (an unknown one is a fatal conversion error: the message rejected without a reason), or deserialize Java objects.
 * Outgoing (dead letters, replies): bytes as they are, text as UTF-8.
 */
public class RabbitMqBodyBytes implements MessageConverter {

    public static final String BEAN_NAME = "rabbitMqBodyBytes";

    @Override
    public Object fromMessage(Message message) {
        return message.getBody();
    }

    @Override
    public Message toMessage(Object body, MessageProperties properties) {
        byte[] bytes;
        if (body instanceof byte[] raw) {
            bytes = raw;
        } else if (body instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
            properties.setContentEncoding(StandardCharsets.UTF_8.name());
        } else if (body == null) {
            bytes = new byte[0];
        } else {
            throw new MessageConversionException("The RabbitMQ door publishes bytes or text, not " + body.getClass().getName());
        }
        properties.setContentType("application/json");
        properties.setContentLength(bytes.length);
        return new Message(bytes, properties);
    }
}
