package io.hsmgateway.pipeline;

import java.util.Map;

/**
 * The canonical request every door is normalized into: the REST body's fields, validated, with the
 * destination reduced to its digits. JavaBean getters so routes and SQL can read it with Simple.
 */
public final class NotificationRequest {

    private final String templateId;
    private final String destination;
    private final Map<String, String> params;
    private final String mediaLink;
    private final String mediaFilename;

    public NotificationRequest(String templateId, String destination, Map<String, String> params,
                               String mediaLink, String mediaFilename) {
        this.templateId = templateId;
        this.destination = destination;
        this.params = Map.copyOf(params);
        this.mediaLink = mediaLink;
        this.mediaFilename = mediaFilename;
    }

    public String getTemplateId() {
        return templateId;
    }

    /** Digits only, 8 to 15 of them. */
    public String getDestination() {
        return destination;
    }

    public Map<String, String> getParams() {
        return params;
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
