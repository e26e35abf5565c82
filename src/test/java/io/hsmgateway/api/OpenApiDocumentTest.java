package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi.json is a valid OpenAPI 3.1 document: the official schema of 3.1 documents (spec.openapis.org, as
 * vertx-openapi ships it) finds nothing wrong, every reference resolves, every operation is named once and declares
 * its path's parameters, and its notifications API keeps the published contract's codes and descriptions.
 */
class OpenApiDocumentTest {

    private final OpenApiSpec spec = OpenApiSpec.load();

    @Test
    void isAValidOpenApi31Document() {
        assertThat(spec.document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(spec.validateAgainstOpenApi31Schema()).isEmpty();
    }

    @Test
    void theOpenApi31SchemaFindsWhatIsWrong() {
        // the check above is not vacuous: a document broken in a few ways fails it
        var broken = spec.document.deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken).remove("info");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/paths/~1openapi.json/get")).putObject("responses")
                .putObject("200").put("descriptionx", "no description");
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.at("/components/schemas/Code")).put("type", 7);
        Set<String> errors = OpenApiSpec.of(broken).validateAgainstOpenApi31Schema();
        assertThat(errors).anyMatch(e -> e.contains("info"))
                .anyMatch(e -> e.contains("description"))
                .anyMatch(e -> e.contains("Code") && e.contains("type"));
    }

    @Test
    void bodiesAreCheckedStrictlyFormatsIncluded() {
        // what the drift test relies on: an undocumented field, a wrong type and a timestamp that is no date-time fail
        var schema = OpenApiSpec.JSON.createObjectNode().put("$ref", "#/components/schemas/ApiKey");
        assertThat(spec.validate(schema, OpenApiSpec.read(
                "{\"id\":\"k\",\"prefix\":\"hsm_ab\",\"createdAt\":\"2026-12-01T13:00:00.123456Z\"}".getBytes()))).isEmpty();
        assertThat(spec.validate(schema, OpenApiSpec.read(
                "{\"id\":\"k\",\"prefix\":\"hsm_ab\",\"createdAt\":\"yesterday\"}".getBytes()))).hasSize(1);
        assertThat(spec.validate(schema, OpenApiSpec.read(
                "{\"id\":\"k\",\"prefix\":\"hsm_ab\",\"createdAt\":null,\"extra\":1}".getBytes()))).hasSize(1);
        assertThat(spec.validate(schema, OpenApiSpec.read(
                "{\"id\":7,\"prefix\":\"hsm_ab\",\"createdAt\":null}".getBytes()))).hasSize(1);
        // and a 400 of the notifications API is one of the documented codes, each with its own result
        var badRequest = OpenApiSpec.JSON.createObjectNode().put("$ref", "#/components/schemas/NotificationBadRequest");
        assertThat(spec.validate(badRequest, OpenApiSpec.read(
                "{\"code\":\"HEAD_METHOD_NOT_ALLOWED\",\"statusCode\":400,\"description\":\"The link does not support method HEAD.\",\"result\":{\"link\":\"https://picsum.photos/200\"}}".getBytes()))).isEmpty();
        assertThat(spec.validate(badRequest, OpenApiSpec.read(
                "{\"code\":\"FILE_SIZE_EXCEEDED\",\"statusCode\":400,\"description\":\"File size exeeded for template type\",\"result\":{\"link\":\"https://picsum.photos/200\"}}".getBytes()))).isNotEmpty();
        assertThat(spec.validate(badRequest, OpenApiSpec.read(
                "{\"code\":\"HEAD_METHOD_NOT_ALLOWED\",\"statusCode\":400,\"description\":\"The link does not support method HEAD.\",\"result\":{\"url\":\"https://picsum.photos/200\"}}".getBytes()))).isNotEmpty();
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(spec.document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).as("only references inside the document").startsWith("#/");
            assertThat(spec.document.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        }
    }

    @Test
    void everyOperationIsNamedOnceAndDeclaresItsPathParameters() {
        Set<String> operationIds = new HashSet<>();
        Pattern parameter = Pattern.compile("\\{([^}]+)}");
        for (String operation : spec.operations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1);
            JsonNode op = spec.operation(method, path);
            assertThat(operationIds.add(op.get("operationId").asText())).as("operationId of %s is unique", operation).isTrue();
            assertThat(op.get("responses").size()).as("%s documents its answers", operation).isPositive();
            Set<String> declared = new HashSet<>();
            List<JsonNode> parameters = new ArrayList<>();
            spec.document.get("paths").get(path).path("parameters").forEach(parameters::add);
            op.path("parameters").forEach(parameters::add);
            for (JsonNode p : parameters) {
                JsonNode resolved = spec.resolve(p);
                if ("path".equals(resolved.get("in").asText())) {
                    declared.add(resolved.get("name").asText());
                }
            }
            Set<String> inPath = new HashSet<>();
            Matcher m = parameter.matcher(path);
            while (m.find()) {
                inPath.add(m.group(1));
            }
            assertThat(declared).as("path parameters of %s", operation).isEqualTo(inPath);
        }
    }

    @Test
    void thePublishedCodesKeepTheirStatusesAndDescriptions() {
        // the published contract (hsm-notifications-api.es.txt), to the letter, typos included; ours as ApiCode has them
        for (ApiCode code : ApiCode.values()) {
            JsonNode envelope = envelopeOf(code);
            assertThat(envelope).as("openapi.json has an envelope schema for %s", code).isNotNull();
            assertThat(envelope.at("/properties/statusCode/const").asInt()).as("status of %s", code).isEqualTo(code.statusCode());
            JsonNode description = envelope.at("/properties/description");
            if (description.has("const")) {
                assertThat(description.get("const").asText()).as("description of %s", code).isEqualTo(code.description());
            } else {
                // NOT_FOUND names what was not found, as the seed's example does; a template refused names it and why;
                // a dead letter replayed already says when and as which notification
                assertThat(code).isIn(ApiCode.NOT_FOUND, ApiCode.TEMPLATE_NOT_APPROVED, ApiCode.TEMPLATE_NOT_SUPPORTED,
                        ApiCode.ALREADY_REPLAYED);
                assertThat(description.get("pattern").asText()).startsWith(code == ApiCode.NOT_FOUND ? "^Cant find"
                        : code == ApiCode.ALREADY_REPLAYED ? "^Dead letter " : "^Template ");
            }
        }
        assertThat(spec.document.at("/components/schemas/Code/enum").size()).isEqualTo(ApiCode.values().length);
    }

    private JsonNode envelopeOf(ApiCode code) {
        for (Map.Entry<String, JsonNode> schema : (Iterable<Map.Entry<String, JsonNode>>) spec.document.at("/components/schemas")::fields) {
            JsonNode codeConst = schema.getValue().at("/properties/code/const");
            if (code.name().equals(codeConst.asText(null)) && !schema.getKey().startsWith("Admin")) {
                return schema.getValue();
            }
        }
        return null;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> collectRefs(element, refs));
        }
    }
}
