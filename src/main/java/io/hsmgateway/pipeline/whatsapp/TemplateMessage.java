package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The Cloud API's "send a template message" body (POST /{version}/{phone-number-id}/messages). Its
 * {@code biz_opaque_callback_data} is the notification's id: WhatsApp hands it back in every status webhook, so a status
 * names its notification even when the answer with the message id was lost.
 */
@JsonPropertyOrder({"messaging_product", "recipient_type", "to", "type", "template", "biz_opaque_callback_data"})
public record TemplateMessage(String to, Body template,
                              @JsonProperty("biz_opaque_callback_data") String bizOpaqueCallbackData) {

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

    /**
     * A header, body, button or limited_time_offer component. A button names its sub_type and its index in the
     * template's buttons (a string, as in Meta's examples).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "sub_type", "index", "parameters"})
    public record Component(String type,
                            @JsonProperty("sub_type") String subType,
                            String index,
                            List<Parameter> parameters) {

        public Component(String type, List<Parameter> parameters) {
            this(type, null, null, parameters);
        }
    }

    /**
     * One parameter: its type and the one field of that type (text, optionally named; payload; coupon_code; a media
     * object; location; currency; date_time; a flow's action; a limited-time offer). Absent fields are left out: the
     * Cloud API rejects a parameter_name on a positional template.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "parameter_name", "text", "payload", "coupon_code", "image", "video", "document",
            "location", "currency", "date_time", "action", "limited_time_offer"})
    public record Parameter(String type,
                            @JsonProperty("parameter_name") String parameterName,
                            String text,
                            String payload,
                            @JsonProperty("coupon_code") String couponCode,
                            Media image,
                            Media video,
                            Media document,
                            JsonNode location,
                            JsonNode currency,
                            @JsonProperty("date_time") JsonNode dateTime,
                            JsonNode action,
                            @JsonProperty("limited_time_offer") JsonNode limitedTimeOffer) {

        public static Parameter text(String name, String value) {
            return new Parameter("text", name, value, null, null, null, null, null, null, null, null, null, null);
        }

        public static Parameter payload(String value) {
            return new Parameter("payload", null, null, value, null, null, null, null, null, null, null, null, null);
        }

        public static Parameter couponCode(String value) {
            return new Parameter("coupon_code", null, null, null, value, null, null, null, null, null, null, null, null);
        }

        public static Parameter media(String type, Media media) {
            return switch (type) {
                case "image" -> new Parameter(type, null, null, null, null, media, null, null, null, null, null, null, null);
                case "video" -> new Parameter(type, null, null, null, null, null, media, null, null, null, null, null, null);
                case "document" -> new Parameter(type, null, null, null, null, null, null, media, null, null, null, null, null);
                default -> throw new IllegalArgumentException("No media parameter of type " + type);
            };
        }

        public static Parameter location(JsonNode location) {
            return new Parameter("location", null, null, null, null, null, null, null, location, null, null, null, null);
        }

        /** A body's currency or date_time parameter, Meta's object as the caller gave it. */
        public static Parameter typed(String name, String type, JsonNode value) {
            return "currency".equals(type)
                    ? new Parameter(type, name, null, null, null, null, null, null, null, value, null, null, null)
                    : new Parameter(type, name, null, null, null, null, null, null, null, null, value, null, null);
        }

        public static Parameter action(JsonNode action) {
            return new Parameter("action", null, null, null, null, null, null, null, null, null, null, action, null);
        }

        public static Parameter limitedTimeOffer(JsonNode offer) {
            return new Parameter("limited_time_offer", null, null, null, null, null, null, null, null, null, null, null, offer);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Media(String link, String filename) {
    }
}
