package io.hsmgateway.templates;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place a template's {@code params} names are derived, from Meta's components (a template synced from the
 * account) or from a hand-written template's type and variables. The naming rule, one name per value:
 * <ul>
 *   <li>a body variable: its own name, {@code name} ({{name}}) or {@code 1} ({{1}}), as the seed's params always were;</li>
 *   <li>a TEXT header's variable: {@code header.} and its name: {@code header.order}, {@code header.1};</li>
 *   <li>a button's value (URL suffix, quick-reply payload, coupon code, flow token): {@code button.} and Meta's 0-based
 *       index of the button: {@code button.0};</li>
 *   <li>a limited-time offer's expiration: {@code offer.expiration_time_ms}.</li>
 * </ul>
 * Meta's variable names are lowercase letters, digits and underscores, so a dotted name never meets a body variable,
 * and a positional body's {{1}} ({@code 1}) never meets a URL button's {{1}} ({@code button.0}). An authentication
 * template's code is its body's {@code 1}, which also fills its one-time-password button. A location header and a
 * media header have no variable: they are the request's {@code location} and {@code media} fields.
 */
public final class TemplateLayouts {

    public static final String HEADER_PREFIX = "header.";
    public static final String BUTTON_PREFIX = "button.";
    public static final String OFFER_EXPIRATION = "offer.expiration_time_ms";
    /** The body variable that carries an authentication template's code, and fills its OTP button too. */
    public static final String OTP_PARAM = "1";

    // Meta's send-time limits (docs/templates.md cites each page)
    static final int HEADER_TEXT_MAX = 60;
    static final int BODY_TEXT_MAX = 1024;
    static final int CODE_MAX = 15;
    static final int URL_MAX = 2000;
    /** WhatsApp turns an authentication template's OTP button into a URL button on this address. */
    private static final String OTP_URL = "https://www.whatsapp.com/otp/";

    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {
    };
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]+)\\s*}}");

    private TemplateLayouts() {
    }

    /**
     * A stored template's layout: a synced one's from Meta's components, a hand-written one's from its type and variables
     * (the columns of the templates table, JSON as stored).
     */
    public static TemplateLayout stored(ObjectMapper json, String components, String parameterFormat, String category,
                                        String type, String variables) {
        try {
            return components != null
                    ? fromComponents(json.readTree(components), parameterFormat, category)
                    : handWritten(TemplateType.valueOf(type), List.copyOf(json.readValue(variables, STRING_LIST)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A hand-written template: a media header by its type, body variables by name (all digits: positional). */
    public static TemplateLayout handWritten(TemplateType type, List<String> variables) {
        boolean positional = !variables.isEmpty() && variables.stream().allMatch(TemplateLayouts::isNumber);
        List<Slot> slots = new ArrayList<>();
        List<String> ordered = positional
                ? variables.stream().sorted(Comparator.comparingInt(Integer::parseInt)).toList() : variables;
        for (int i = 0; i < ordered.size(); i++) {
            String variable = ordered.get(i);
            slots.add(new Slot(variable, SlotKind.BODY_TEXT, i + 1, positional ? null : variable, true, BODY_TEXT_MAX));
        }
        return new TemplateLayout(type, slots, null);
    }

    /**
     * A template as Meta returns it from {@code message_templates}: its {@code components}, {@code parameter_format}
     * (NAMED or POSITIONAL; absent is POSITIONAL) and {@code category}.
     */
    public static TemplateLayout fromComponents(JsonNode components, String parameterFormat, String category) {
        boolean named = "NAMED".equalsIgnoreCase(parameterFormat);
        boolean authentication = "AUTHENTICATION".equalsIgnoreCase(category);
        TemplateType header = TemplateType.TEXT;
        List<Slot> headerSlots = new ArrayList<>();
        List<Slot> bodySlots = new ArrayList<>();
        List<Slot> offerSlots = new ArrayList<>();
        List<Slot> buttonSlots = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        boolean otp = false;
        for (JsonNode component : components) {
            String type = upper(component.path("type").asText());
            switch (type) {
                case "HEADER" -> {
                    String format = upper(component.path("format").asText("TEXT"));
                    switch (format) {
                        case "TEXT" -> {
                            List<String> variables = variables(component.path("text").asText(""));
                            for (int i = 0; i < variables.size(); i++) {
                                String variable = variables.get(i);
                                headerSlots.add(new Slot(HEADER_PREFIX + variable, SlotKind.HEADER_TEXT, i + 1,
                                        named ? variable : null, true, HEADER_TEXT_MAX));
                            }
                        }
                        case "IMAGE", "VIDEO", "DOCUMENT", "LOCATION" -> header = TemplateType.valueOf(format);
                        default -> unsupported.add("a " + format + " header");
                    }
                }
                case "BODY" -> {
                    List<String> variables = variables(component.path("text").asText(""));
                    if (!named) {
                        variables = variables.stream().sorted(Comparator.comparingInt(TemplateLayouts::number)).toList();
                    }
                    for (int i = 0; i < variables.size(); i++) {
                        String variable = variables.get(i);
                        bodySlots.add(new Slot(variable, SlotKind.BODY_TEXT, i + 1, named ? variable : null, true,
                                authentication ? CODE_MAX : BODY_TEXT_MAX));
                    }
                }
                case "FOOTER" -> { } // fixed text (an authentication template's code expiry included)
                case "LIMITED_TIME_OFFER" -> {
                    if (component.path("limited_time_offer").path("has_expiration").asBoolean(false)) {
                        offerSlots.add(new Slot(OFFER_EXPIRATION, SlotKind.OFFER_EXPIRATION, 0, null, true, 0));
                    }
                }
                case "BUTTONS" -> {
                    JsonNode buttons = component.path("buttons");
                    for (int index = 0; index < buttons.size(); index++) {
                        JsonNode button = buttons.get(index);
                        String buttonType = upper(button.path("type").asText());
                        String param = BUTTON_PREFIX + index;
                        switch (buttonType) {
                            case "URL" -> {
                                String url = button.path("url").asText("");
                                List<String> suffix = variables(url);
                                if (authentication || url.startsWith(OTP_URL)) {
                                    // an OTP button as a GET returns it: it carries the body's code
                                    otp = true;
                                    buttonSlots.add(new Slot(OTP_PARAM, SlotKind.OTP_CODE, index, null, true, CODE_MAX));
                                } else if (!suffix.isEmpty()) {
                                    String variable = suffix.get(0);
                                    int room = URL_MAX - VARIABLE.matcher(url).replaceAll("").length();
                                    buttonSlots.add(new Slot(param, SlotKind.URL_SUFFIX, index,
                                            named && !isNumber(variable) ? variable : null, true, Math.max(room, 1)));
                                }
                            }
                            case "QUICK_REPLY" -> buttonSlots.add(new Slot(param, SlotKind.QUICK_REPLY_PAYLOAD, index, null, false, 0));
                            case "COPY_CODE" -> buttonSlots.add(new Slot(param, SlotKind.COUPON_CODE, index, null, true, CODE_MAX));
                            case "FLOW" -> buttonSlots.add(new Slot(param, SlotKind.FLOW_TOKEN, index, null, false, 0));
                            case "OTP" -> {
                                otp = true;
                                buttonSlots.add(new Slot(OTP_PARAM, SlotKind.OTP_CODE, index, null, true, CODE_MAX));
                            }
                            case "PHONE_NUMBER", "VOICE_CALL" -> { } // nothing to fill at send time
                            default -> unsupported.add("a " + buttonType + " button");
                        }
                    }
                }
                default -> unsupported.add("a " + type + " component");
            }
        }
        if (otp && bodySlots.stream().noneMatch(slot -> slot.param().equals(OTP_PARAM))) {
            // an authentication body is Meta's own text around the code: {{1}}
            bodySlots.add(new Slot(OTP_PARAM, SlotKind.BODY_TEXT, bodySlots.size() + 1, null, true, CODE_MAX));
        }
        List<Slot> slots = new ArrayList<>(headerSlots);
        slots.addAll(bodySlots);
        slots.addAll(offerSlots);
        slots.addAll(buttonSlots);
        return new TemplateLayout(header, slots, unsupported.isEmpty() ? null : String.join(", ", unsupported));
    }

    /** The distinct variables of a text, in order of first appearance: "{{1}}" gives "1", "{{name}}" gives "name". */
    static List<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return List.copyOf(names);
    }

    private static boolean isNumber(String name) {
        return !name.isEmpty() && name.length() < 10 && name.chars().allMatch(Character::isDigit);
    }

    private static int number(String name) {
        return isNumber(name) ? Integer.parseInt(name) : Integer.MAX_VALUE;
    }

    private static String upper(String text) {
        return text.toUpperCase(Locale.ROOT);
    }
}
