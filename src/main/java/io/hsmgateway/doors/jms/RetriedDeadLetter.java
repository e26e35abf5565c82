package io.hsmgateway.doors.jms;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.outcome.Outcome;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * Shapes a JMS notification that the retry worker gave up on like the JMS door's own dead letters: the
 * original request as body, the reason in the properties websiteId, code, statusCode, description and
 * notificationId. (Failures known while the message was being consumed are dead-lettered by the door.)
 */
public class RetriedDeadLetter {

    public static final String BEAN_NAME = "retriedDeadLetter";

    public void shape(Exchange exchange) {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        message.setHeader("code", outcome.response().code());
        message.setHeader("statusCode", String.valueOf(outcome.response().statusCode()));
        message.setHeader("description", outcome.response().description());
        message.setHeader("notificationId", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        message.setBody(exchange.getProperty(Hsm.REQUEST_JSON, String.class));
    }
}
