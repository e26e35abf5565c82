package io.hsmgateway.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One INVALID_BODY problem in the form the published API uses (Joi's validation error details):
 * {@code {"message": "\"templateId\" is required", "path": ["templateId"], "type": "any.required",
 * "context": {"label": "templateId", "key": "templateId"}}}.
 */
@JsonPropertyOrder({"message", "path", "type", "context"})
public record JoiError(String message, List<Object> path, String type, Map<String, Object> context) {

    /** Builds an error whose message is {@code "<label>" <text>}, label being the dotted path. */
    public static JoiError at(List<Object> path, String type, String text, Map<String, Object> extraContext) {
        String label = label(path);
        Map<String, Object> context = new LinkedHashMap<>(extraContext);
        context.put("label", label);
        if (!path.isEmpty()) {
            context.put("key", path.get(path.size() - 1));
        }
        return new JoiError("\"" + label + "\" " + text, List.copyOf(path), type, context);
    }

    public static JoiError required(List<Object> path) {
        return at(path, "any.required", "is required", Map.of());
    }

    public static JoiError notAllowed(List<Object> path, Object value) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("child", path.get(path.size() - 1));
        context.put("value", value);
        return at(path, "object.unknown", "is not allowed", context);
    }

    private static String label(List<Object> path) {
        if (path.isEmpty()) {
            return "value";
        }
        StringBuilder label = new StringBuilder();
        for (Object segment : path) {
            if (segment instanceof Integer index) {
                label.append('[').append(index).append(']');
            } else {
                if (!label.isEmpty()) {
                    label.append('.');
                }
                label.append(segment);
            }
        }
        return label.toString();
    }
}
