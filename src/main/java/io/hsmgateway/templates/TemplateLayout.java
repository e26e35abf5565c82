package io.hsmgateway.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a request must give to send a template, derived once from the template ({@link TemplateLayouts}): the header's
 * format (which chooses the pipeline's branch) and every {@link Slot}, in the order the Cloud API message lists them.
 * The payload builder walks the slots; validation reads the same slots. {@code unsupported} names what the gateway
 * cannot send (null: everything can be).
 */
public record TemplateLayout(TemplateType header, List<Slot> slots, String unsupported) {

    public TemplateLayout {
        slots = List.copyOf(slots);
    }

    /** Each {@code params} name with the places it fills, in the template's order (one name may fill two places). */
    public Map<String, List<Slot>> params() {
        Map<String, List<Slot>> params = new LinkedHashMap<>();
        for (Slot slot : slots) {
            params.computeIfAbsent(slot.param(), name -> new ArrayList<>()).add(slot);
        }
        return params;
    }

    public boolean requires(String param) {
        return slots.stream().anyMatch(slot -> slot.param().equals(param) && slot.required());
    }

    public List<Slot> slots(SlotKind kind) {
        return slots.stream().filter(slot -> slot.kind() == kind).toList();
    }
}
