package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a body that passed {@code schemas/notification-request.schema.json} into the canonical
 * {@link NotificationRequest}. The schema has already settled every type, so this only converts.
 */
public class NotificationRequestReader {

    public static final String BEAN_NAME = "notificationRequestReader";

    private final ObjectMapper json;

    public NotificationRequestReader(ObjectMapper json) {
        this.json = json;
    }

    public NotificationRequest read(String body) throws IOException {
        JsonNode root = json.readTree(body);
        Map<String, JsonNode> params = new LinkedHashMap<>();
        root.get("params").fields().forEachRemaining(e -> params.put(e.getKey(),
                e.getValue().isObject() ? e.getValue() : TextNode.valueOf(e.getValue().asText())));
        JsonNode media = root.path("media");
        return new NotificationRequest(
                root.get("templateId").asText(),
                digitsOf(root.get("destination").asText()),
                params,
                media.hasNonNull("link") ? media.get("link").asText() : null,
                media.hasNonNull("filename") ? media.get("filename").asText() : null,
                root.hasNonNull("location") ? root.get("location") : null);
    }

    /** The schema allows +, spaces, dashes and parentheses around the digits; WhatsApp wants digits. */
    static String digitsOf(String phone) {
        StringBuilder digits = new StringBuilder(phone.length());
        for (int i = 0; i < phone.length(); i++) {
            char c = phone.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        return digits.toString();
    }
}
