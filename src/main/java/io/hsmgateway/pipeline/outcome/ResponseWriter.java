package io.hsmgateway.pipeline.outcome;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.api.ApiResponse;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Writes the outcome's envelope as the exchange's answer: JSON body, HTTP status, content type, and
 * {@link Hsm#RESPONSE} for doors that want it typed. Every other header is dropped first, so nothing
 * picked up on the way (the Cloud API's headers, an Authorization header) reaches the caller.
 */
public class ResponseWriter {

    public static final String BEAN_NAME = "responseWriter";

    private final ObjectMapper json;

    public ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    /** The answer to an outcome and its JSON, made once: stored with the outcome, then written for the caller. */
    public record Answer(Outcome outcome, ApiResponse response, String json) {
    }

    /** The answer to the notification's outcome ({@link Hsm#OUTCOME}), made once per outcome. */
    public Answer answer(Exchange exchange) throws JsonProcessingException {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        Answer made = exchange.getProperty(Hsm.ANSWER, Answer.class);
        if (made != null && made.outcome() == outcome) {
            return made;
        }
        ApiResponse response = outcome.response();
        if (Boolean.TRUE.equals(exchange.getProperty(Hsm.AUTHENTICATED, Boolean.class))) {
            response = response.withNotificationId(exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        }
        Answer answer = new Answer(outcome, response, json.writeValueAsString(response));
        exchange.setProperty(Hsm.ANSWER, answer);
        return answer;
    }

    public void write(Exchange exchange) throws JsonProcessingException {
        Answer answer = answer(exchange);
        putAnswer(exchange, answer.response(), answer.json());
    }

    /** The stored answer (JSON, in the body) of a request answered before: a repeated idempotency key. */
    public void writeStored(Exchange exchange) throws JsonProcessingException {
        writeResponse(exchange, json.readValue(exchange.getMessage().getBody(String.class), ApiResponse.class));
    }

    public void writeResponse(Exchange exchange, ApiResponse response) throws JsonProcessingException {
        putAnswer(exchange, response, json.writeValueAsString(response));
    }

    private static void putAnswer(Exchange exchange, ApiResponse response, String responseJson) {
        exchange.setProperty(Hsm.RESPONSE, response);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(responseJson);
    }
}
