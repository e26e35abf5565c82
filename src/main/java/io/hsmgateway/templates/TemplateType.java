package io.hsmgateway.templates;

/**
 * A template's header format, which chooses the pipeline's branch: TEXT (a text header, or none), a media header
 * (IMAGE, VIDEO, DOCUMENT: HEAD-probed) or a LOCATION header.
 */
public enum TemplateType {
    TEXT(null),
    IMAGE("image"),
    VIDEO("video"),
    DOCUMENT("document"),
    LOCATION(null);

    private final String mediaParameterType;

    TemplateType(String mediaParameterType) {
        this.mediaParameterType = mediaParameterType;
    }

    public boolean hasMedia() {
        return mediaParameterType != null;
    }

    /** The Cloud API's name for the header parameter ("image", "video", "document"). */
    public String mediaParameterType() {
        return mediaParameterType;
    }
}
