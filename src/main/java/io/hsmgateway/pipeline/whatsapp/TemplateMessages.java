package io.hsmgateway.pipeline.whatsapp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationRequest;
import io.hsmgateway.pipeline.Template;
import io.hsmgateway.pipeline.media.ResolvedMedia;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Component;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Media;
import io.hsmgateway.pipeline.whatsapp.TemplateMessage.Parameter;
import io.hsmgateway.templates.Slot;
import io.hsmgateway.templates.SlotKind;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Cloud API message. The pipeline's branch (one method each) builds the header for the template's header
 * format; the rest is the same for every template: the template's slots ({@link io.hsmgateway.templates.TemplateLayout}),
 * walked in Meta's order (header text, body, limited-time offer, buttons by index), each filled with the request's
 * value for its {@code params} name. The request was checked against the same slots ({@code SendTimeRules}).
 */
public class TemplateMessages {

    public static final String BEAN_NAME = "templateMessages";

    /** A text header (its variable, if any, is a slot) or none. */
    public TemplateMessage text(@ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId,
                                @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                @ExchangeProperty(Hsm.TEMPLATE) Template template) {
        return message(notificationId, request, template, null);
    }

    public TemplateMessage image(@ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId,
                                 @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                 @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                 @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(notificationId, request, template, header(Parameter.media("image", new Media(media.link(), null))));
    }

    public TemplateMessage video(@ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId,
                                 @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                 @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                 @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(notificationId, request, template, header(Parameter.media("video", new Media(media.link(), null))));
    }

    /** Only documents carry a filename: the Cloud API shows it as the attachment's name. */
    public TemplateMessage document(@ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId,
                                    @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                    @ExchangeProperty(Hsm.TEMPLATE) Template template,
                                    @ExchangeProperty(Hsm.MEDIA) ResolvedMedia media) {
        return message(notificationId, request, template, header(Parameter.media("document", new Media(media.link(), media.filename()))));
    }

    /** The request's location: latitude and longitude as strings, as in Meta's example; name and address when given. */
    public TemplateMessage location(@ExchangeProperty(Hsm.NOTIFICATION_ID) String notificationId,
                                    @ExchangeProperty(Hsm.REQUEST) NotificationRequest request,
                                    @ExchangeProperty(Hsm.TEMPLATE) Template template) {
        JsonNode given = request.getLocation();
        ObjectNode location = JsonNodeFactory.instance.objectNode();
        location.put("latitude", given.get("latitude").asText().trim());
        location.put("longitude", given.get("longitude").asText().trim());
        for (String field : List.of("name", "address")) {
            if (given.hasNonNull(field)) {
                location.put(field, given.get(field).asText());
            }
        }
        return message(notificationId, request, template, header(Parameter.location(location)));
    }

    private static Component header(Parameter parameter) {
        return new Component("header", List.of(parameter));
    }

    private static TemplateMessage message(String notificationId, NotificationRequest request, Template template,
                                           Component header) {
        List<Component> components = new ArrayList<>();
        if (header != null) {
            components.add(header);
        }
        textComponent("header", template.layout().slots(SlotKind.HEADER_TEXT), request, components);
        textComponent("body", template.layout().slots(SlotKind.BODY_TEXT), request, components);
        for (Slot slot : template.layout().slots(SlotKind.OFFER_EXPIRATION)) {
            ObjectNode offer = JsonNodeFactory.instance.objectNode()
                    .put("expiration_time_ms", Long.parseLong(request.text(slot.param())));
            components.add(new Component("limited_time_offer", List.of(Parameter.limitedTimeOffer(offer))));
        }
        template.layout().slots().stream()
                .filter(slot -> "button".equals(slot.kind().component()))
                .sorted(java.util.Comparator.comparingInt(Slot::index))
                .forEach(slot -> {
                    String value = request.text(slot.param());
                    if (value != null) { // an optional button value not given: the button works without it
                        components.add(new Component("button", slot.kind().buttonSubType(), String.valueOf(slot.index()),
                                List.of(buttonParameter(slot, value))));
                    }
                });
        return new TemplateMessage(request.getDestination(), new TemplateMessage.Body(
                template.name(), new TemplateMessage.Language(template.language()), components), notificationId);
    }

    /** A header's or body's variables, in the slots' order; a component without variables is left out. */
    private static void textComponent(String type, List<Slot> slots, NotificationRequest request, List<Component> components) {
        if (slots.isEmpty()) {
            return;
        }
        List<Parameter> parameters = new ArrayList<>(slots.size());
        for (Slot slot : slots) {
            JsonNode value = request.getParams().get(slot.param());
            if (value.isObject()) {
                String typed = value.fieldNames().next();
                parameters.add(Parameter.typed(slot.parameterName(), typed, value.get(typed)));
            } else {
                parameters.add(Parameter.text(slot.parameterName(), value.asText()));
            }
        }
        components.add(new Component(type, parameters));
    }

    private static Parameter buttonParameter(Slot slot, String value) {
        return switch (slot.kind()) {
            case QUICK_REPLY_PAYLOAD -> Parameter.payload(value);
            case COUPON_CODE -> Parameter.couponCode(value);
            case FLOW_TOKEN -> Parameter.action(JsonNodeFactory.instance.objectNode().put("flow_token", value));
            default -> Parameter.text(slot.parameterName(), value); // a URL suffix, an authentication code
        };
    }
}
