package io.hsmgateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import io.hsmgateway.api.JoiError;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns JSON-schema validation messages into the Joi-style details the published API answers with
 * (messages, types and contexts as Joi words them), ordered by the body's fields.
 */
public final class SchemaViolations {

    /** Field order of the published body; unknown fields come last. */
    private static final List<String> FIELD_ORDER = List.of("templateId", "destination", "params", "media");
    /** Joi names for the two patterns of the request schema, keyed by the field they apply to. */
    private static final String PHONE_FIELD = "destination";
    private static final String LINK_FIELD = "link";
    /** Fields holding a secret (the admin API's website body): a problem with one never echoes its value. */
    private static final Set<String> SECRET_FIELDS = Set.of("accessToken");
    private static final String MASK = "********";

    private SchemaViolations() {
    }

    public static List<JoiError> toJoi(Collection<ValidationMessage> messages) {
        List<JoiError> errors = new ArrayList<>();
        for (ValidationMessage message : messages) {
            errors.add(masked(toJoi(message)));
        }
        errors.sort(Comparator.comparingInt(SchemaViolations::fieldRank));
        return errors;
    }

    private static JoiError masked(JoiError error) {
        if (error.path().isEmpty() || !SECRET_FIELDS.contains(String.valueOf(error.path().get(error.path().size() - 1)))
                || !error.context().containsKey("value")) {
            return error;
        }
        Map<String, Object> context = new LinkedHashMap<>(error.context());
        context.put("value", MASK);
        return new JoiError(error.message(), error.path(), error.type(), context);
    }

    private static int fieldRank(JoiError error) {
        if (error.path().isEmpty()) {
            return -1;
        }
        int rank = FIELD_ORDER.indexOf(String.valueOf(error.path().get(0)));
        return rank < 0 ? FIELD_ORDER.size() : rank;
    }

    static JoiError toJoi(ValidationMessage message) {
        List<Object> path = pathOf(message.getInstanceLocation());
        JsonNode value = message.getInstanceNode();
        JsonNode schemaValue = message.getSchemaNode();
        switch (message.getType()) {
            case "required":
                path.add(message.getProperty());
                return JoiError.required(path);
            case "additionalProperties":
                path.add(message.getProperty());
                return JoiError.notAllowed(path, plain(value == null ? null : value.get(message.getProperty())));
            case "type":
                return typeError(path, schemaValue, value);
            case "pattern":
                return patternError(path, schemaValue, value);
            case "minLength":
                if (value != null && value.asText().isEmpty()) {
                    return JoiError.at(path, "string.empty", "is not allowed to be empty", context(value));
                }
                return limitError(path, "string.min", "length must be at least %d characters long", schemaValue, value);
            case "maxLength":
                return limitError(path, "string.max", "length must be less than or equal to %d characters long",
                        schemaValue, value);
            case "minProperties":
                return limitError(path, "object.min", "must have at least %d key", schemaValue, value);
            default:
                return JoiError.at(path, "any.invalid", "is invalid (" + message.getMessage() + ")", context(value));
        }
    }

    private static JoiError typeError(List<Object> path, JsonNode expected, JsonNode value) {
        Map<String, Object> context = context(value);
        if (expected != null && expected.isArray()) {
            List<String> types = new ArrayList<>();
            expected.forEach(t -> types.add(joiType(t.asText())));
            List<String> distinct = types.stream().distinct().toList();
            context.put("types", distinct);
            return JoiError.at(path, "alternatives.types", "must be one of [" + String.join(", ", distinct) + "]", context);
        }
        String type = expected == null ? "" : expected.asText();
        return switch (type) {
            case "object" -> JoiError.at(path, "object.base", "must be of type object", context);
            case "string" -> JoiError.at(path, "string.base", "must be a string", context);
            case "integer", "number" -> JoiError.at(path, "number.base", "must be a number", context);
            case "boolean" -> JoiError.at(path, "boolean.base", "must be a boolean", context);
            case "array" -> JoiError.at(path, "array.base", "must be an array", context);
            default -> JoiError.at(path, "any.invalid", "must be of type " + type, context);
        };
    }

    private static JoiError patternError(List<Object> path, JsonNode regex, JsonNode value) {
        Map<String, Object> context = new LinkedHashMap<>();
        String field = path.isEmpty() ? "" : String.valueOf(path.get(path.size() - 1));
        if (PHONE_FIELD.equals(field) && path.size() == 1) {
            context.put("name", "phone number");
            context.put("regex", "/" + regex.asText() + "/");
            context.put("value", plain(value));
            return JoiError.at(path, "string.pattern.name",
                    "with value \"" + value.asText() + "\" fails to match the phone number pattern", context);
        }
        if (LINK_FIELD.equals(field)) {
            context.put("scheme", "http|https");
            context.put("value", plain(value));
            return JoiError.at(path, "string.uriCustomScheme",
                    "must be a valid uri with a scheme matching the http|https pattern", context);
        }
        context.put("regex", "/" + regex.asText() + "/");
        context.put("value", plain(value));
        return JoiError.at(path, "string.pattern.base",
                "with value \"" + value.asText() + "\" fails to match the required pattern: /" + regex.asText() + "/",
                context);
    }

    private static JoiError limitError(List<Object> path, String type, String text, JsonNode limit, JsonNode value) {
        int n = limit == null ? 0 : limit.asInt();
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("limit", n);
        context.put("value", plain(value));
        return JoiError.at(path, type, String.format(text, n), context);
    }

    private static String joiType(String jsonSchemaType) {
        return "integer".equals(jsonSchemaType) ? "number" : jsonSchemaType;
    }

    private static Map<String, Object> context(JsonNode value) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("value", plain(value));
        return context;
    }

    /** The offending value as a plain Java value, so it serializes as the caller sent it. */
    /**
     * How much of a refused value a problem repeats: an unknown key holding 36 KB of JSON was repeated whole, so an
     * answer could be many times its request. Longer values are cut, with their length said.
     */
    static final int MAX_ECHOED_CHARS = 256;

    private static Object plain(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isTextual()) {
            return cut(value.asText());
        }
        if (value.isContainerNode() && value.size() > 0) {
            String json = value.toString();
            if (json.length() > MAX_ECHOED_CHARS) {
                return cut(json);
            }
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return value;
    }

    private static String cut(String text) {
        return text.length() <= MAX_ECHOED_CHARS ? text
                : text.substring(0, MAX_ECHOED_CHARS) + "…(" + text.length() + " characters)";
    }

    private static List<Object> pathOf(JsonNodePath location) {
        List<Object> path = new ArrayList<>();
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path.add(element);
        }
        return path;
    }
}
