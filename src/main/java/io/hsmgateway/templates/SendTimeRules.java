package io.hsmgateway.templates;

import com.fasterxml.jackson.databind.JsonNode;
import io.hsmgateway.api.JoiError;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A request's values against a template's {@link TemplateLayout}, before anything reaches Meta: every variable given
 * and no other, each value within what the Cloud API takes where it goes (docs/templates.md names Meta's page for
 * each rule), a location for a LOCATION header and none elsewhere. Every problem is reported at once, in Joi's form.
 */
public final class SendTimeRules {

    /** Meta refuses these in a text parameter (132018: "Param text cannot have new-line/tab characters or more than 4 consecutive spaces"). */
    static final Pattern FORBIDDEN_IN_TEXT = Pattern.compile("[\\n\\r\\t]| {5,}");
    static final String TEXT_PATTERN_NAME = "no new lines, tabs or more than 4 consecutive spaces";
    private static final Pattern ALPHANUMERIC = Pattern.compile("[A-Za-z0-9]+");
    private static final Pattern CURRENCY_CODE = Pattern.compile("[A-Z]{3}");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");

    private SendTimeRules() {
    }

    /** The problems of a request's params and location for this layout; empty when Meta would take them. */
    public static List<JoiError> check(TemplateLayout layout, Map<String, JsonNode> params, JsonNode location, long nowMs) {
        List<JoiError> problems = new ArrayList<>();
        Map<String, List<Slot>> slotsByParam = layout.params();
        slotsByParam.forEach((param, slots) -> {
            JsonNode value = params.get(param);
            if (value == null) {
                if (layout.requires(param)) {
                    problems.add(JoiError.required(List.of("params", param)));
                }
            } else {
                List<JoiError> valueProblems = new ArrayList<>();
                for (Slot slot : slots) {
                    checkValue(slot, value, List.of("params", param), nowMs, valueProblems);
                }
                valueProblems.stream().distinct().forEach(problems::add); // one code, two places: said once
            }
        });
        params.forEach((param, value) -> {
            if (!slotsByParam.containsKey(param)) {
                problems.add(JoiError.notAllowed(List.of("params", param), value.isObject() ? value : value.asText()));
            }
        });
        if (layout.header() == TemplateType.LOCATION) {
            if (location == null) {
                problems.add(JoiError.required(List.of("location")));
            } else {
                checkCoordinate(location.get("latitude"), 90, List.of("location", "latitude"), problems);
                checkCoordinate(location.get("longitude"), 180, List.of("location", "longitude"), problems);
            }
        } else if (location != null) {
            problems.add(JoiError.notAllowed(List.of("location"), location));
        }
        return problems;
    }

    private static void checkValue(Slot slot, JsonNode value, List<Object> path, long nowMs, List<JoiError> problems) {
        if (value.isObject()) {
            boolean typed = value.size() == 1 && (value.has("currency") || value.has("date_time"));
            if (typed && slot.kind() == SlotKind.BODY_TEXT) { // an authentication code also fills its OTP slot, which refuses it
                checkTyped(value, path, problems);
            } else {
                // the seed's answer to an object where text is expected, word for word
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("value", value);
                context.put("types", List.of("string", "number", "boolean"));
                problems.add(JoiError.at(path, "alternatives.types", "must be one of [string, number, boolean]", context));
            }
            return;
        }
        String text = value.asText();
        switch (slot.kind()) {
            case HEADER_TEXT, BODY_TEXT, OTP_CODE -> {
                if (notEmpty(text, path, problems) && within(text, slot.maxLength(), path, problems)) {
                    textPattern(text, path, problems);
                }
            }
            case URL_SUFFIX -> {
                if (notEmpty(text, path, problems) && within(text, slot.maxLength(), path, problems)
                        && text.chars().anyMatch(Character::isWhitespace)) {
                    pattern(text, "URL suffix without spaces (percent-encode them)", "\\S+", path, problems);
                }
            }
            case COUPON_CODE -> {
                if (notEmpty(text, path, problems) && within(text, slot.maxLength(), path, problems)
                        && !ALPHANUMERIC.matcher(text).matches()) {
                    problems.add(JoiError.at(path, "string.alphanum", "must only contain alpha-numeric characters",
                            Map.of("value", text)));
                }
            }
            case QUICK_REPLY_PAYLOAD, FLOW_TOKEN -> notEmpty(text, path, problems);
            case OFFER_EXPIRATION -> {
                if (!INTEGER.matcher(text).matches()) {
                    problems.add(JoiError.at(path, "number.integer",
                            "must be an integer: the offer's end as Unix time in milliseconds", Map.of("value", text)));
                } else if (Long.parseLong(text) <= nowMs) {
                    Map<String, Object> context = new LinkedHashMap<>();
                    context.put("limit", nowMs);
                    context.put("value", text);
                    problems.add(JoiError.at(path, "number.greater",
                            "must be in the future (Unix time in milliseconds, greater than " + nowMs + ")", context));
                }
            }
        }
    }

    /** A body parameter given as Meta's currency or date_time object: each field as Meta wants it. */
    private static void checkTyped(JsonNode value, List<Object> path, List<JoiError> problems) {
        String type = value.has("currency") ? "currency" : "date_time";
        JsonNode fields = value.get(type);
        List<Object> at = append(path, type);
        if (!fields.isObject()) {
            problems.add(JoiError.at(at, "object.base", "must be of type object", Map.of()));
            return;
        }
        List<String> allowed = type.equals("currency") ? List.of("fallback_value", "code", "amount_1000") : List.of("fallback_value");
        fields.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add(JoiError.notAllowed(append(at, field), fields.get(field)));
            }
        });
        JsonNode fallback = fields.get("fallback_value");
        if (fallback == null) {
            problems.add(JoiError.required(append(at, "fallback_value")));
        } else if (!fallback.isTextual()) {
            problems.add(JoiError.at(append(at, "fallback_value"), "string.base", "must be a string", Map.of()));
        } else if (notEmpty(fallback.asText(), append(at, "fallback_value"), problems)
                && within(fallback.asText(), TemplateLayouts.BODY_TEXT_MAX, append(at, "fallback_value"), problems)) {
            textPattern(fallback.asText(), append(at, "fallback_value"), problems);
        }
        if (type.equals("currency")) {
            JsonNode code = fields.get("code");
            if (code == null) {
                problems.add(JoiError.required(append(at, "code")));
            } else if (!code.isTextual() || !CURRENCY_CODE.matcher(code.asText()).matches()) {
                pattern(code.asText(), "ISO 4217 currency code", CURRENCY_CODE.pattern(), append(at, "code"), problems);
            }
            JsonNode amount = fields.get("amount_1000");
            if (amount == null) {
                problems.add(JoiError.required(append(at, "amount_1000")));
            } else if (!amount.isIntegralNumber() || !amount.canConvertToLong()) { // 100990.0 would reach Meta as a decimal
                problems.add(JoiError.at(append(at, "amount_1000"), "number.integer",
                        "must be an integer (the amount times 1000)", Map.of("value", amount)));
            }
        }
    }

    private static void checkCoordinate(JsonNode value, int limit, List<Object> path, List<JoiError> problems) {
        BigDecimal number;
        try {
            number = new BigDecimal(value.asText().trim());
        } catch (NumberFormatException e) {
            problems.add(JoiError.at(path, "number.base", "must be a number", Map.of("value", value.asText())));
            return;
        }
        if (number.abs().compareTo(BigDecimal.valueOf(limit)) > 0) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("limit", limit);
            context.put("value", value.asText());
            problems.add(JoiError.at(path, "number.max", "must be between -" + limit + " and " + limit, context));
        }
    }

    private static boolean notEmpty(String text, List<Object> path, List<JoiError> problems) {
        if (text.isBlank()) {
            problems.add(JoiError.at(path, "string.empty", "is not allowed to be empty", Map.of("value", text)));
            return false;
        }
        return true;
    }

    private static boolean within(String text, int max, List<Object> path, List<JoiError> problems) {
        if (max > 0 && text.codePointCount(0, text.length()) > max) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("limit", max);
            context.put("value", text);
            problems.add(JoiError.at(path, "string.max", "length must be less than or equal to " + max + " characters long", context));
            return false;
        }
        return true;
    }

    private static void textPattern(String text, List<Object> path, List<JoiError> problems) {
        if (FORBIDDEN_IN_TEXT.matcher(text).find()) {
            pattern(text, TEXT_PATTERN_NAME, "^(?!.*([\\n\\r\\t]| {5,})).*$", path, problems);
        }
    }

    /** Joi's named-pattern failure: {@code "label" with value "x" fails to match the <name> pattern}. */
    private static void pattern(String text, String name, String regex, List<Object> path, List<JoiError> problems) {
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("name", name);
        context.put("regex", "/" + regex + "/");
        context.put("value", text);
        problems.add(JoiError.at(path, "string.pattern.name",
                "with value \"" + text + "\" fails to match the " + name + " pattern", context));
    }

    private static List<Object> append(List<Object> path, Object segment) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }
}
