package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Values drawn (with jqwik's arbitraries, from one seeded {@link Random}) from a Schema Object of the served document:
 * {@link #valid} aims at a value the schema accepts, {@link #broken} at one it refuses. A string pattern cannot be
 * inverted in general, so the patterns the document uses get a generator each ({@link #PATTERNS}); any other falls
 * back to the schema's example. Whether a value really is valid is decided by the schema validator, not here.
 */
final class SchemaValues {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /** A generator for each pattern the document's request schemas use (a valid value of it). */
    private static final Map<String, Arbitrary<String>> PATTERNS = Map.of(
            "^[0-9]+$", Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20),
            "^[a-z0-9_]+$", Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789_").ofMinLength(1).ofMaxLength(40),
            "^[A-Za-z]{2,3}(_[A-Za-z0-9]{2,8})?$", Arbitraries.of("es", "en_US", "pt_BR", "spa", "es_AR"),
            "^[A-Za-z0-9_]+$", Arbitraries.strings().withChars(ALNUM + "_").ofMinLength(1).ofMaxLength(64),
            "^[A-Za-z0-9_.-]+$", Arbitraries.strings().withChars(ALNUM + "_.-").ofMinLength(1).ofMaxLength(64),
            "^[Hh][Tt][Tt][Pp][Ss]?://", Arbitraries.of("https://example.com/hook", "http://127.0.0.1:9/x", "HTTPS://hooks.example.org/a?b=c"),
            "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+[^\\s]*$", Arbitraries.of("https://example.com/a.png", "http://127.0.0.1:9/doc.pdf"),
            "^[A-Z]{3}$", Arbitraries.of("USD", "ARS", "EUR"));

    private final OpenApiSpec spec;
    private final Random random;

    SchemaValues(OpenApiSpec spec, Random random) {
        this.spec = spec;
        this.random = random;
    }

    <T> T draw(Arbitrary<T> arbitrary) {
        return arbitrary.generator(100).next(random).value();
    }

    boolean chance(double p) {
        return random.nextDouble() < p;
    }

    JsonNode resolve(JsonNode schema) {
        while (schema != null && schema.has("$ref")) {
            schema = spec.document.at(schema.get("$ref").asText().substring(1));
        }
        return schema;
    }

    /** A value the schema should accept. */
    JsonNode valid(JsonNode schema, int depth) {
        schema = resolve(schema);
        if (schema == null || schema.isEmpty()) {
            return NODES.textNode("x");
        }
        if (schema.has("const")) {
            return schema.get("const");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        for (String choice : List.of("anyOf", "oneOf")) {
            if (schema.has(choice)) {
                return valid(schema.get(choice).get(random.nextInt(schema.get(choice).size())), depth + 1);
            }
        }
        if (schema.has("allOf")) {
            return valid(schema.get("allOf").get(0), depth + 1);
        }
        String type = typeOf(schema);
        switch (type) {
            case "object":
                return object(schema, depth);
            case "array": {
                ArrayNode array = NODES.arrayNode();
                int max = Math.min(schema.path("maxItems").asInt(3), 3);
                int count = schema.path("minItems").asInt(0) + random.nextInt(max + 1);
                for (int i = 0; i < Math.min(count, max) && depth < 4; i++) {
                    array.add(valid(schema.get("items"), depth + 1));
                }
                return array;
            }
            case "integer": {
                long min = schema.path("minimum").asLong(0);
                long max = schema.has("maximum") ? schema.get("maximum").asLong() : min + 1000;
                return NODES.numberNode(draw(Arbitraries.longs().between(min, max)));
            }
            case "number":
                return NODES.numberNode(draw(Arbitraries.doubles().between(-90, 90)));
            case "boolean":
                return NODES.booleanNode(random.nextBoolean());
            case "null":
                return NODES.nullNode();
            default:
                return NODES.textNode(string(schema));
        }
    }

    private String typeOf(JsonNode schema) {
        JsonNode type = schema.get("type");
        if (type == null) {
            return schema.has("properties") ? "object" : "string";
        }
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            return types.get(random.nextInt(types.size()));
        }
        return type.asText();
    }

    private JsonNode object(JsonNode schema, int depth) {
        ObjectNode object = NODES.objectNode();
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").fields(); properties.hasNext(); ) {
            Map.Entry<String, JsonNode> property = properties.next();
            if (required.contains(property.getKey()) || (depth < 3 && chance(0.4))) {
                object.set(property.getKey(), valid(property.getValue(), depth + 1));
            }
        }
        return object;
    }

    private String string(JsonNode schema) {
        int min = schema.path("minLength").asInt(1);
        int max = Math.max(min, Math.min(schema.path("maxLength").asInt(32), 64));
        if (schema.has("pattern")) {
            Arbitrary<String> known = PATTERNS.get(schema.get("pattern").asText());
            if (known != null) {
                String value = draw(known);
                return value.length() > max ? value.substring(0, max) : value;
            }
            if (schema.has("examples")) {
                return schema.get("examples").get(0).asText();
            }
        }
        if ("date-time".equals(schema.path("format").asText())) {
            return draw(Arbitraries.of("2026-11-24T10:00:00Z", "2020-01-01T00:00:00.5+03:00"));
        }
        return draw(Arbitraries.strings().withChars(ALNUM).ofMinLength(min).ofMaxLength(max));
    }

    /** A value of the wrong kind for the schema, or outside its bounds. */
    JsonNode broken(JsonNode schema) {
        schema = resolve(schema);
        String type = schema == null ? "string" : typeOf(schema);
        List<JsonNode> candidates = new ArrayList<>(List.of(NODES.nullNode(), NODES.arrayNode(), NODES.booleanNode(true),
                NODES.objectNode().put("unexpected", 1)));
        if (!"integer".equals(type) && !"number".equals(type)) {
            candidates.add(NODES.numberNode(-1));
        }
        if (!"string".equals(type)) {
            candidates.add(NODES.textNode("abc"));
        } else {
            candidates.add(NODES.textNode(""));
            candidates.add(NODES.textNode("x".repeat(schema.path("maxLength").asInt(300) + 1)));
            candidates.add(NODES.textNode("bad\nvalue\u0000"));
        }
        if ("integer".equals(type) && schema.has("maximum")) {
            candidates.add(NODES.numberNode(schema.get("maximum").asLong() + 1));
        }
        return candidates.get(random.nextInt(candidates.size()));
    }
}
