package io.hsmgateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The admin API's successful answers: the body (the resource an operation read or wrote) as JSON, with its HTTP
 * status. Every header is dropped first, so nothing of the request (its Authorization header above all) goes back.
 * Failures are answered by the one error handler, in the notifications API's envelope.
 */
public class AdminReplies {

    private final ObjectMapper json;

    public AdminReplies(ObjectMapper json) {
        this.json = json;
    }

    public void ok(Exchange exchange) throws JsonProcessingException {
        write(exchange, 200);
    }

    public void created(Exchange exchange) throws JsonProcessingException {
        write(exchange, 201);
    }

    /** A PUT: 201 when it created the resource ({@link Hsm#ADMIN_CREATED}), 200 when it updated it. */
    public void saved(Exchange exchange) throws JsonProcessingException {
        write(exchange, Boolean.TRUE.equals(exchange.getProperty(Hsm.ADMIN_CREATED, Boolean.class)) ? 201 : 200);
    }

    public void noContent(Exchange exchange) {
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        message.setBody(null);
    }

    private void write(Exchange exchange, int status) throws JsonProcessingException {
        Message message = exchange.getMessage();
        String body = json.writeValueAsString(message.getBody());
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(body);
    }
}
