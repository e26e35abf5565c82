package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.json as a test reads it: the operations it documents, and a real HTTP answer checked against it with the
 * networknt JSON Schema validator (2020-12, the OpenAPI 3.1 dialect, formats asserted). A schema is validated with the
 * whole document as its root, so its {@code #/components/...} references resolve as in the document itself.
 */
final class OpenApiSpec {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    /** Where a {@code $ref} to https://spec.openapis.org/oas/... is read from: the copies vertx-openapi ships. */
    private static final String OAS_PREFIX = "https://spec.openapis.org/oas/";
    static final String OAS_31_SCHEMA = OAS_PREFIX + "3.1/schema-base/2022-10-07";

    final JsonNode document;
    /**
     * OpenAPI 3.1's Schema Object dialect, plus the document's own top-level fields as keywords that validate nothing
     * (a schema is validated with the whole document as its root).
     */
    private static final JsonMetaSchema DIALECT = JsonMetaSchema.builder(OpenApi31.getInstance())
            .keywords(Stream.of("openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components",
                    "security", "tags", "externalDocs").map(NonValidationKeyword::new).toList())
            .build();

    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012, builder -> builder
            .metaSchema(DIALECT)
            .defaultMetaSchemaIri(DIALECT.getIri())
            .schemaMappers(mappers -> mappers.mapPrefix(OAS_PREFIX, "classpath:spec.openapis.org/oas/")));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();

    private OpenApiSpec(JsonNode document) {
        this.document = document;
    }

    static OpenApiSpec load() {
        return new OpenApiSpec(read(bytes()));
    }

    static OpenApiSpec of(JsonNode document) {
        return new OpenApiSpec(document);
    }

    /** openapi.json's bytes as the build put them on the classpath (src/main/resources). */
    static byte[] bytes() {
        try (InputStream in = OpenApiSpec.class.getClassLoader().getResourceAsStream("openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every "METHOD path" the document has under paths, e.g. "GET /admin/websites". */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (METHODS.contains(name)) {
                    operations.add(name.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    /** The statuses the operation documents ("200", "404", ...). */
    Set<String> statuses(String method, String path) {
        Set<String> statuses = new TreeSet<>();
        operation(method, path).get("responses").fieldNames().forEachRemaining(statuses::add);
        return statuses;
    }

    JsonNode operation(String method, String path) {
        JsonNode item = document.get("paths").get(path);
        assertThat(item).as("openapi.json documents the path %s", path).isNotNull();
        JsonNode operation = item.get(method.toLowerCase(Locale.ROOT));
        assertThat(operation).as("openapi.json documents %s %s", method, path).isNotNull();
        return operation;
    }

    /**
     * The real answer is one the document describes: the operation documents its status, its Content-Type is the
     * documented media type, and its body validates against that media type's schema (a response documented without
     * content has an empty body).
     */
    void assertDocuments(String method, String path, HttpResponse<String> response) {
        String status = String.valueOf(response.statusCode());
        JsonNode documented = resolve(operation(method, path).get("responses").get(status));
        assertThat(documented).as("%s %s documents status %s (answered %s)", method, path, status, response.body()).isNotNull();
        JsonNode content = documented.get("content");
        if (content == null) {
            assertThat(response.body()).as("%s %s %s has no documented body", method, path, status).isEmpty();
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        String mediaType = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode media = content.get(mediaType);
        assertThat(media).as("%s %s %s documents Content-Type %s (it documents %s)", method, path, status, contentType,
                content.fieldNames()).isNotNull();
        JsonNode schema = media.get("schema");
        if (schema == null) {
            return;
        }
        JsonNode body = mediaType.endsWith("json") ? read(response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8))
                : JSON.getNodeFactory().textNode(response.body());
        Set<String> errors = validate(schema, body);
        assertThat(errors).as("%s %s %s: the body %s against openapi.json", method, path, status, response.body()).isEmpty();
    }

    /** What the schema (a node of the document) finds wrong with the value, validated with the document as root. */
    Set<String> validate(JsonNode schema, JsonNode value) {
        JsonSchema validator = compiled.computeIfAbsent(schema, this::compile);
        return validator.validate(value).stream().map(ValidationMessage::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Compiled once per schema: the contract test validates thousands of answers against a few dozen schemas. */
    private final Map<JsonNode, JsonSchema> compiled = new java.util.concurrent.ConcurrentHashMap<>();

    private JsonSchema compile(JsonNode schema) {
        ObjectNode root = document.deepCopy();
        root.putObject("$defs").set("under_test", schema);
        root.put("$ref", "#/$defs/under_test");
        return schemas.getSchema(root, config);
    }

    /** The document against the OpenAPI 3.1 schema (with Schema Objects checked against the 3.1 dialect). */
    Set<String> validateAgainstOpenApi31Schema() {
        JsonSchema oas = schemas.getSchema(SchemaLocation.of(OAS_31_SCHEMA), config);
        return oas.validate(document).stream().map(ValidationMessage::toString).collect(Collectors.toCollection(TreeSet::new));
    }

    /** A Response Object, following a {@code $ref} to #/components/responses/... */
    JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertThat(ref).as("a local reference").startsWith("#/");
            node = document.at(ref.substring(1));
            assertThat(node.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return node;
    }
}
