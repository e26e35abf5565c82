package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/**
 * The canonical request every door is normalized into: the REST body's fields, validated, with the
 * destination reduced to its digits. JavaBean getters so routes and SQL can read it with Simple.
 */
public final class NotificationRequest {

    private final String templateId;
    private final String destination;
    private final Map<String, JsonNode> params;
    private final String mediaLink;
    private final String mediaFilename;
    private final JsonNode location;

    public NotificationRequest(String templateId, String destination, Map<String, JsonNode> params,
                               String mediaLink, String mediaFilename, JsonNode location) {
        this.templateId = templateId;
        this.destination = destination;
        this.params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        this.mediaLink = mediaLink;
        this.mediaFilename = mediaFilename;
        this.location = location;
    }

    public String getTemplateId() {
        return templateId;
    }

    /** Digits only, 8 to 15 of them. */
    public String getDestination() {
        return destination;
    }

    /**
     * Each value as given: text (a string, number or boolean: a text node) or a typed parameter
     * ({@code {"currency": {...}}}, {@code {"date_time": {...}}}), in the request's order.
     */
    public Map<String, JsonNode> getParams() {
        return params;
    }

    /** The text of a param given as a string, number or boolean; null when absent or typed. */
    public String text(String param) {
        JsonNode value = params.get(param);
        return value == null || value.isObject() ? null : value.asText();
    }

    /** The location header's {@code {latitude, longitude, name?, address?}}, or null. */
    public JsonNode getLocation() {
        return location;
    }

    /** The request's own media link, or null to use the template's default media. */
    public String getMediaLink() {
        return mediaLink;
    }

    public String getMediaFilename() {
        return mediaFilename;
    }

    @Override
    public String toString() {
        return "NotificationRequest[templateId=" + templateId + ", destination=" + destination + "]";
    }
}
