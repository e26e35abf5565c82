package io.hsmgateway.pipeline.outcome;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import org.apache.camel.Exchange;

import java.util.HashMap;
import java.util.Map;

/** Parameters for the notification status SQL ({@code sql/insert-notification.sql}, {@code update-...}). */
public class NotificationRecords {

    private static final int MAX_ERROR_LENGTH = 1000;

    public Map<String, Object> pending(Exchange exchange) {
        Map<String, Object> row = identity(exchange);
        row.put("status", NotificationStatus.PENDING.name());
        row.put("code", null);
        row.put("providerMessageId", null);
        row.put("error", null);
        return row;
    }

    public Map<String, Object> outcome(Exchange exchange) {
        Outcome outcome = exchange.getProperty(Hsm.OUTCOME, Outcome.class);
        Map<String, Object> row = identity(exchange);
        row.put("status", outcome.status().name());
        row.put("code", outcome.response().code());
        row.put("providerMessageId", outcome.providerMessageId());
        String error = outcome.error();
        row.put("error", error != null && error.length() > MAX_ERROR_LENGTH ? error.substring(0, MAX_ERROR_LENGTH) : error);
        return row;
    }

    private static Map<String, Object> identity(Exchange exchange) {
        NotificationRequest request = exchange.getProperty(Hsm.REQUEST, NotificationRequest.class);
        Map<String, Object> row = new HashMap<>();
        row.put("id", exchange.getProperty(Hsm.NOTIFICATION_ID, String.class));
        row.put("websiteId", exchange.getProperty(Hsm.WEBSITE_ID, String.class));
        row.put("channel", exchange.getProperty(Hsm.CHANNEL, "unknown", String.class));
        row.put("templateId", request == null ? null : request.getTemplateId());
        row.put("destination", request == null ? null : request.getDestination());
        return row;
    }
}
