package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.JoiError;
import io.hsmgateway.api.RejectedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The shape openapi.json gives a webhook POST (components.schemas.WhatsAppWebhook): an object with {@code entry[]}
 * (and {@code object}, an entry's {@code id}, a change's {@code field} strings when there), each entry an object, its {@code changes} (when there) an array of objects, a change's {@code value} an object and
 * its {@code statuses} an array of objects. A signed body of another shape ([], {}, {"entry":{...}}) is not Meta's:
 * INVALID_BODY (400) naming where, instead of a 200 that says nothing was received. What a status holds is not
 * checked here: one that cannot be applied is counted and ignored, as documented.
 */
final class WebhookShape {

    private WebhookShape() {
    }

    static void require(JsonNode webhook) {
        List<JoiError> problems = new ArrayList<>();
        if (webhook == null || !webhook.isObject()) {
            problems.add(JoiError.at(List.of(), "object.base", "must be an object", Map.of()));
        } else if (webhook.has("object") && !webhook.get("object").isTextual()) {
            problems.add(JoiError.at(List.of("object"), "string.base", "must be a string", Map.of()));
        } else if (!webhook.has("entry")) {
            problems.add(JoiError.required(List.of("entry")));
        } else {
            JsonNode entries = webhook.get("entry");
            if (!entries.isArray()) {
                problems.add(JoiError.at(List.of("entry"), "array.base", "must be an array", Map.of()));
            }
            for (int e = 0; entries.isArray() && e < entries.size(); e++) {
                JsonNode entry = entries.get(e);
                List<Object> at = List.of("entry", e);
                if (!entry.isObject()) {
                    problems.add(JoiError.at(at, "object.base", "must be an object", Map.of()));
                } else if (entry.has("id") && !entry.get("id").isTextual()) {
                    problems.add(JoiError.at(plus(at, "id"), "string.base", "must be a string", Map.of()));
                } else {
                    changes(entry, at, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RejectedException(ApiCode.INVALID_BODY, problems);
        }
    }

    private static void changes(JsonNode entry, List<Object> at, List<JoiError> problems) {
        JsonNode changes = entry.get("changes");
        if (changes == null) {
            return;
        }
        if (!changes.isArray()) {
            problems.add(JoiError.at(plus(at, "changes"), "array.base", "must be an array", Map.of()));
            return;
        }
        for (int c = 0; c < changes.size(); c++) {
            List<Object> change = plus(at, "changes", c);
            JsonNode value = changes.get(c).isObject() ? changes.get(c).get("value") : null;
            if (!changes.get(c).isObject()) {
                problems.add(JoiError.at(change, "object.base", "must be an object", Map.of()));
            } else if (changes.get(c).has("field") && !changes.get(c).get("field").isTextual()) {
                problems.add(JoiError.at(plus(change, "field"), "string.base", "must be a string", Map.of()));
            } else if (value != null && !value.isObject()) {
                problems.add(JoiError.at(plus(change, "value"), "object.base", "must be an object", Map.of()));
            } else if (value != null && value.has("statuses")) {
                JsonNode statuses = value.get("statuses");
                List<Object> where = plus(change, "value", "statuses");
                if (!statuses.isArray()) {
                    problems.add(JoiError.at(where, "array.base", "must be an array", Map.of()));
                } else {
                    for (int s = 0; s < statuses.size(); s++) {
                        if (!statuses.get(s).isObject()) {
                            problems.add(JoiError.at(plus(where, s), "object.base", "must be an object", Map.of()));
                        }
                    }
                }
            }
        }
    }

    private static List<Object> plus(List<Object> path, Object... more) {
        List<Object> longer = new ArrayList<>(path);
        longer.addAll(List.of(more));
        return longer;
    }
}
