package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests for one operation of the served document, valid and invalid: path parameters (known ids, random valid
 * ones, too long ones, ones with '/', control characters, '%', unicode), query parameters (absent, valid, empty, out
 * of range, bogus enums), bodies (valid per schema, the document's examples, and broken ones) and credentials
 * (right, missing, wrong). Each request carries what the document's schemas refuse in it, decided by the validator.
 */
final class ContractRequests {

    /** Characters a generated id may carry one of; the percent-encoding sends '/' as %2F, a new line as %0A. */
    private static final List<String> ODD = List.of("/", "\n", "\u0000", "\t", " ", "%", "?", "#", "é", "\u00a0",
            "\u202e", "\r", "\\", "'", "\"", "<", ";", "..", "\u2028");
    private static final List<String> BROKEN_QUERY = List.of("", "-1", "501", "2147483648", "99999999999999999999",
            "abc", "A", "read", "TRUE", "1.5", " 5", "x".repeat(300), "bad\nvalue", "2026-13-45");

    private final OpenApiSpec spec;
    private final SchemaValues values;
    private final Credentials credentials;
    private final Map<String, String> knownIds;

    /** The right and some wrong credentials of each security scheme. */
    record Credentials(String adminToken, String apiKey, String appSecret) {
    }

    ContractRequests(OpenApiSpec spec, SchemaValues values, Credentials credentials, Map<String, String> knownIds) {
        this.spec = spec;
        this.values = values;
        this.credentials = credentials;
        this.knownIds = knownIds;
    }

    /**
     * A schema's pattern read as ECMA-262 reads it: Java's {@code $} also matches before a trailing line terminator
     * (so the validator takes "abc\r" for an identifier), ECMA's does not.
     */
    private static boolean wholeValueMatches(JsonNode schema, String value) {
        JsonNode pattern = schema.get("pattern");
        return pattern == null || java.util.regex.Pattern.compile(pattern.asText()).matcher(value).matches();
    }

    ContractRequest next(String method, String path) {
        JsonNode item = spec.document.get("paths").get(path);
        JsonNode operation = item.get(method.toLowerCase(Locale.ROOT));
        List<JsonNode> parameters = new ArrayList<>();
        item.path("parameters").forEach(p -> parameters.add(values.resolve(p)));
        operation.path("parameters").forEach(p -> parameters.add(values.resolve(p)));

        List<String> violations = new ArrayList<>();
        String target = path;
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.get("name").asText();
            JsonNode schema = parameter.get("schema");
            switch (parameter.get("in").asText()) {
                case "path" -> {
                    String value = pathValue(name, schema);
                    if (!spec.validate(schema, JsonNodeFactory.instance.textNode(value)).isEmpty()
                            || !wholeValueMatches(values.resolve(schema), value)) {
                        violations.add("path " + name);
                    }
                    target = target.replace("{" + name + "}", encode(value));
                }
                case "query" -> {
                    String value = queryValue(schema, parameter.path("required").asBoolean());
                    if (value == null) {
                        continue;
                    }
                    if (!spec.validate(schema, asQueryValue(values.resolve(schema), value)).isEmpty()) {
                        violations.add("query " + name + "=" + ContractRequest.clip(value, 20));
                    }
                    query.append(query.length() == 0 ? "?" : "&").append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                            .append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
                case "header" -> {
                    if (values.chance(0.3)) {
                        headers.put(name, values.draw(Arbitraries.strings().withChars(SchemaValues.ALNUM).ofMinLength(1).ofMaxLength(40)));
                    }
                }
                default -> {
                }
            }
        }
        String body = null;
        JsonNode bodySchema = operation.path("requestBody").path("content").path("application/json").path("schema");
        JsonNode bodyExamples = operation.path("requestBody").path("content").path("application/json").path("examples");
        if (!bodySchema.isMissingNode()) {
            body = body(bodySchema, bodyExamples);
            if (!bodyValid(bodySchema, body)) {
                violations.add("body");
            }
            headers.put("Content-Type", values.chance(0.95) ? "application/json" : "text/plain");
        } else if (values.chance(0.1)) {
            body = "{\"ignored\":true}";
            headers.put("Content-Type", "application/json");
        }
        boolean authorized = credentials(operation, body, headers);
        return new ContractRequest(method + " " + path, method, target + query, headers, body, authorized, violations,
                bodySchema.isMissingNode());
    }

    private String pathValue(String name, JsonNode schema) {
        int pick = values.draw(Arbitraries.integers().between(0, 99));
        if (pick < 30 && knownIds.containsKey(name)) {
            return knownIds.get(name);
        }
        if (pick < 55) {
            int max = Math.max(1, Math.min(values.resolve(schema).path("maxLength").asInt(64), 64));
            return values.draw(Arbitraries.strings().withChars(SchemaValues.ALNUM + "_-").ofMinLength(1).ofMaxLength(max));
        }
        if (pick < 70) {
            return values.draw(Arbitraries.strings().withChars(SchemaValues.ALNUM).ofMinLength(65).ofMaxLength(400));
        }
        String base = values.draw(Arbitraries.strings().withChars(SchemaValues.ALNUM).ofMinLength(1).ofMaxLength(20));
        String odd = ODD.get(values.draw(Arbitraries.integers().between(0, ODD.size() - 1)));
        int at = values.draw(Arbitraries.integers().between(0, base.length()));
        return base.substring(0, at) + odd + base.substring(at);
    }

    private String queryValue(JsonNode schema, boolean required) {
        int pick = values.draw(Arbitraries.integers().between(0, 99));
        if (pick < 40 && !required) {
            return null;
        }
        if (pick < 75) {
            return values.valid(schema, 0).asText();
        }
        JsonNode resolved = values.resolve(schema);
        if (resolved.has("enum") && values.chance(0.3)) {
            return resolved.get("enum").get(0).asText().toLowerCase(Locale.ROOT);
        }
        return BROKEN_QUERY.get(values.draw(Arbitraries.integers().between(0, BROKEN_QUERY.size() - 1)));
    }

    /** A query value as the schema reads it: OpenAPI's simple style, so a number or boolean when it looks like one. */
    static JsonNode asQueryValue(JsonNode schema, String value) {
        String type = schema.path("type").asText("string");
        if (("integer".equals(type) || "number".equals(type)) && value.matches("-?[0-9]+")) {
            return JsonNodeFactory.instance.numberNode(new BigInteger(value));
        }
        if ("boolean".equals(type) && (value.equals("true") || value.equals("false"))) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value));
        }
        return JsonNodeFactory.instance.textNode(value);
    }

    private String body(JsonNode schema, JsonNode examples) {
        int pick = values.draw(Arbitraries.integers().between(0, 99));
        if (pick < 15 && examples.size() > 0) {
            List<JsonNode> all = new ArrayList<>();
            examples.forEach(e -> all.add(e.get("value")));
            return all.get(values.draw(Arbitraries.integers().between(0, all.size() - 1))).toString();
        }
        JsonNode valid = values.valid(schema, 0);
        if (pick < 55) {
            return valid.toString();
        }
        if (pick < 80 && valid.isObject() && valid.size() > 0) {
            ObjectNode broken = (ObjectNode) valid.deepCopy();
            List<String> names = new ArrayList<>();
            broken.fieldNames().forEachRemaining(names::add);
            String name = names.get(values.draw(Arbitraries.integers().between(0, names.size() - 1)));
            switch (values.draw(Arbitraries.integers().between(0, 2))) {
                case 0 -> broken.remove(name);
                case 1 -> broken.put("unknown" + values.draw(Arbitraries.integers().between(0, 9)), 1);
                default -> broken.set(name, values.broken(values.resolve(schema).path("properties").path(name)));
            }
            return broken.toString();
        }
        return values.draw(Arbitraries.of("[]", "{}", "null", "\"text\"", "{", "", "{\"entry\":{\"x\":1}}", "{\"entry\":[]}",
                "[".repeat(2000) + "]".repeat(2000), manyUnknownKeys(), "{\"a\":\"\u0000\"}"));
    }

    /** 3,000 unknown keys: every one is a problem, and the answer must stay bounded. */
    private static String manyUnknownKeys() {
        StringBuilder body = new StringBuilder("{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{");
        for (int i = 0; i < 3000; i++) {
            body.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
        }
        return body.append("},\"x1\":1,\"x2\":2}").toString();
    }

    private boolean bodyValid(JsonNode schema, String body) {
        try {
            return spec.validate(schema, OpenApiSpec.JSON.readTree(body)).isEmpty() && !body.isBlank();
        } catch (Exception e) {
            return false;
        }
    }

    /** Sets the operation's credentials (right ones, mostly); whether they are right. */
    private boolean credentials(JsonNode operation, String body, Map<String, String> headers) {
        JsonNode security = operation.path("security");
        String scheme = security.size() == 0 ? "" : security.get(0).fieldNames().next();
        boolean right = values.chance(0.85);
        switch (scheme) {
            case "adminToken" -> {
                String wrong = values.draw(Arbitraries.of("", "Bearer wrong", "Basic dGVzdDp0ZXN0", "Bearer " + credentials.adminToken() + "x", "bearer"));
                if (right) {
                    headers.put("Authorization", "Bearer " + credentials.adminToken());
                } else if (!wrong.isEmpty()) {
                    headers.put("Authorization", wrong);
                }
            }
            case "apiKey" -> {
                if (right) {
                    headers.put("apikey", credentials.apiKey());
                } else if (values.chance(0.5)) {
                    headers.put("apikey", "wrong-" + values.draw(Arbitraries.integers().between(0, 99)));
                }
            }
            case "whatsAppSignature" -> {
                if (right) {
                    headers.put("X-Hub-Signature-256", signature(credentials.appSecret(), body == null ? "" : body));
                } else if (values.chance(0.5)) {
                    headers.put("X-Hub-Signature-256", "sha256=" + "0".repeat(64));
                }
            }
            default -> {
                return true;
            }
        }
        return right;
    }

    /** Meta's signature, computed here with the JDK's HMAC (not the gateway's code). */
    static String signature(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Percent-encodes every character but the unreserved ones, so '/' goes as %2F and a new line as %0A. */
    static String encode(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 128 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /** The operations of the document, as method and path. */
    static List<String[]> operations(OpenApiSpec spec) {
        List<String[]> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (OpenApiSpec.METHODS.contains(name)) {
                    operations.add(new String[]{name.toUpperCase(Locale.ROOT), path.getKey()});
                }
            });
        }
        return operations;
    }
}
