package io.hsmgateway.pipeline;

/** The kinds of WhatsApp template the gateway sends; all but TEXT carry a media header. */
public enum TemplateType {
    TEXT(null),
    IMAGE("image"),
    VIDEO("video"),
    DOCUMENT("document");

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
