package io.hsmgateway.webhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;
import java.util.Map;

/**
 * The answer to a webhook POST whose statuses are stored: 200 {@code {"received": n}}, n the statuses stored now
 * (a repeat is not counted). Every request header is dropped first. Refusals are answered by the one error handler,
 * in the API's envelope.
 */
public class WebhookReplies {

    public static final String BEAN_NAME = "whatsappWebhookReplies";

    private final ObjectMapper json;

    public WebhookReplies(ObjectMapper json) {
        this.json = json;
    }

    public void received(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        int stored = message.getBody(List.class).size();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(json.writeValueAsString(Map.of("received", stored)));
    }
}
