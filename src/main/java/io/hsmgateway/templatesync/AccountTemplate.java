package io.hsmgateway.templatesync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Objects;
import java.util.Set;

/**
 * One template of the account's listing, as stored: Meta's fields, its components as the JSON text of Meta's array, and
 * the gateway's type (the header's format when it carries media or a location, else TEXT).
 */
public record AccountTemplate(String templateId, String name, String language, String status, String category,
                             String parameterFormat, String components, String type) {

    /** Meta's default when a template does not say. */
    static final String DEFAULT_PARAMETER_FORMAT = "POSITIONAL";
    private static final Set<String> HEADER_TYPES = Set.of("IMAGE", "VIDEO", "DOCUMENT", "LOCATION");

    /** @return null when the entry lacks what a template is found by (its id, name or language) */
    static AccountTemplate of(JsonNode entry, ObjectMapper json) throws JsonProcessingException {
        String id = text(entry, "id");
        String name = text(entry, "name");
        String language = text(entry, "language");
        if (id == null || name == null || language == null) {
            return null;
        }
        JsonNode components = entry.path("components");
        String parameterFormat = text(entry, "parameter_format");
        return new AccountTemplate(id, name, language, text(entry, "status"), text(entry, "category"),
                parameterFormat == null ? DEFAULT_PARAMETER_FORMAT : parameterFormat,
                json.writeValueAsString(components.isArray() ? components : json.createArrayNode()), typeOf(components));
    }

    /** Whether what a caller or a send depends on differs from the stored row's. */
    boolean differsFrom(StoredTemplate stored) {
        return !Objects.equals(name, stored.name()) || !Objects.equals(language, stored.language())
                || !Objects.equals(status, stored.status()) || !Objects.equals(category, stored.category())
                || !Objects.equals(parameterFormat, stored.parameterFormat())
                || !Objects.equals(components, stored.components());
    }

    private static String typeOf(JsonNode components) {
        for (JsonNode component : components) {
            if ("HEADER".equals(component.path("type").asText())) {
                String format = component.path("format").asText();
                return HEADER_TYPES.contains(format) ? format : "TEXT";
            }
        }
        return "TEXT";
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.path(field);
        return value.isValueNode() && !value.isNull() && !value.asText().isEmpty() ? value.asText() : null;
    }
}
