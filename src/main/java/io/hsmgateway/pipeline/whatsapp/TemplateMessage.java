package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The Cloud API's "send a template message" body (POST /{version}/{phone-number-id}/messages). */
@JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "template"})
public record TemplateMessage(String to, Body template) {

    @JsonProperty("messaging_product")
    public String messagingProduct() {
        return "whatsapp";
    }

    @JsonProperty("recipient_type")
    public String recipientType() {
        return "individual";
    }

    @JsonProperty("type")
    public String type() {
        return "template";
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Body(String name, Language language, List<Component> components) {
    }

    public record Language(String code) {
    }

    /** A "header" (media) or "body" (variables) component. */
    public record Component(String type, List<Parameter> parameters) {
    }

    /**
     * One parameter: text (named or positional) or a media object under the key of its type.
     * Absent fields are left out: the Cloud API rejects a parameter_name on a positional template.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "parameter_name", "text", "image", "video", "document"})
    public record Parameter(String type,
                            @JsonProperty("parameter_name") String parameterName,
                            String text,
                            Media image,
                            Media video,
                            Media document) {

        public static Parameter text(String name, String value) {
            return new Parameter("text", name, value, null, null, null);
        }

        public static Parameter media(String type, Media media) {
            return switch (type) {
                case "image" -> new Parameter(type, null, null, media, null, null);
                case "video" -> new Parameter(type, null, null, null, media, null);
                case "document" -> new Parameter(type, null, null, null, null, media);
                default -> throw new IllegalArgumentException("No media parameter of type " + type);
            };
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Media(String link, String filename) {
    }
}
