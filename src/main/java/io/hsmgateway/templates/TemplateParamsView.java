package io.hsmgateway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the admin API shows of a template's layout: each {@code params} name, whether a request must give it, and every
 * place it fills (component, position or button index, the Cloud API parameter, Meta's parameter_name, the most
 * characters Meta takes there); and the request's own fields the header needs ({@code media}, {@code location}).
 */
public final class TemplateParamsView {

    private TemplateParamsView() {
    }

    public static List<Map<String, Object>> params(TemplateLayout layout) {
        List<Map<String, Object>> params = new ArrayList<>();
        layout.params().forEach((name, slots) -> {
            Map<String, Object> param = new LinkedHashMap<>();
            param.put("name", name);
            param.put("required", layout.requires(name));
            List<Map<String, Object>> places = new ArrayList<>();
            for (Slot slot : slots) {
                Map<String, Object> place = new LinkedHashMap<>();
                place.put("component", slot.kind().component());
                if ("button".equals(slot.kind().component())) {
                    place.put("index", slot.index());
                    place.put("subType", slot.kind().buttonSubType());
                } else if (slot.kind() != SlotKind.OFFER_EXPIRATION) {
                    place.put("position", slot.index());
                }
                // an authentication code is text in both its places
                boolean code = slots.stream().anyMatch(other -> other.kind() == SlotKind.OTP_CODE);
                place.put("parameter", code ? "text" : slot.kind().parameterType());
                if (slot.parameterName() != null) {
                    place.put("parameterName", slot.parameterName());
                }
                if (slot.maxLength() > 0) {
                    place.put("maxLength", slot.maxLength());
                }
                places.add(place);
            }
            param.put("places", places);
            params.add(param);
        });
        return params;
    }

    /** The request's fields for the header: {@code media} for a media header, {@code location} for a location one. */
    public static List<String> fields(TemplateLayout layout) {
        if (layout.header().hasMedia()) {
            return List.of("media");
        }
        return layout.header() == TemplateType.LOCATION ? List.of("location") : List.of();
    }
}
