package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway is what its served document says, on every operation: requests generated from the SERVED
 * /openapi.json (jqwik's arbitraries, one seed per run, printed; -Dcontract.seed= repeats a run) for every operation,
 * valid and invalid (path and query parameters, bodies, credentials), plus wrong methods on known paths, unknown
 * paths, and refusals below the routes (header and URI too large, broken framing). Every answer is checked: never a
 * 5xx; a status the document lists for the operation; a body valid against that status's schema; the envelope for
 * every error; a 405 with a true Allow; what the document refuses is refused (400 for an invalid filter, never a 2xx
 * for an invalid id or body) and what it allows is not refused for its parameters; error answers bounded.
 * Every finding is collected (one example each, with a count), so one run lists them all; bounded by tries per
 * operation ({@code contract.tries}, 300) and by time (about 60 s for all operations).
 */
class OpenApiContractTest {

    static final String APP_SECRET = "contract-app-secret";
    static final String VERIFY_TOKEN = "contract-verify-token";
    static final int TRIES = Integer.getInteger("contract.tries", 300);
    static final long BUDGET_MS = Long.getLong("contract.budget-ms", 60_000);
    /** Requests per operation in one round of the round robin. */
    static final int ROUND = 10;
    /** Larger than this, an error answer is not bounded (the envelope keeps the first problems and a count). */
    static final int MAX_ERROR_BYTES = 32 * 1024;

    static WireMockServer cloudApi;
    static Gateway gateway;
    static OpenApiSpec spec;
    static String apiKey;
    static final Map<String, String> KNOWN_IDS = new LinkedHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** kind and where → one example and a count. */
    final Map<String, Finding> findings = new TreeMap<>();

    static final class Finding {
        final String example;
        int count;

        Finding(String example) {
            this.example = example;
        }
    }

    @BeforeContainer
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messages\":[{\"id\":\"wamid.contract\"}]}")));
        cloudApi.stubFor(get(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"data\":[]}")));
        cloudApi.stubFor(head(anyUrl()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "image/png").withHeader("Content-Length", "100")));
        Map<String, String> properties = Gateway.defaults(cloudApi);
        properties.put("hsm.whatsapp.webhook.verify-token", VERIFY_TOKEN);
        properties.put("hsm.whatsapp.app-secret", APP_SECRET);
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.media.probe-timeout-ms", "500");
        properties.put("hsm.whatsapp.response-timeout-ms", "2000");
        gateway = Gateway.start(properties);
        HttpResponse<String> served = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.url("/openapi.json"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        spec = OpenApiSpec.of(OpenApiSpec.read(served.body().getBytes(StandardCharsets.UTF_8)));
        seed();
        HttpResponse<String> sent = gateway.notify("shop", apiKey,
                "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"Julieta\"}}");
        JsonNode id = Gateway.json(sent).get("notificationId");
        if (id != null) {
            KNOWN_IDS.put("notificationId", id.asText());
        }
    }

    /** The website "shop" with template "7" and an API key: the ids generated requests hit besides random ones. */
    static void seed() throws Exception {
        apiKey = gateway.website("shop", "1", "token");
        gateway.template("shop", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        KNOWN_IDS.put("websiteId", "shop");
        KNOWN_IDS.put("templateId", "7");
    }

    @AfterContainer
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @Example
    void everyOperationAnswersWhatItsDocumentSays() throws Exception {
        long seed = Long.getLong("contract.seed", new Random().nextLong());
        Random random = new Random(seed);
        SchemaValues values = new SchemaValues(spec, random);
        long started = System.currentTimeMillis();
        List<String[]> operations = ContractRequests.operations(spec);
        Map<String, Integer> sentPerOperation = new TreeMap<>();
        ContractRequests requests = new ContractRequests(spec, values,
                new ContractRequests.Credentials(Gateway.ADMIN_TOKEN, apiKey, APP_SECRET), KNOWN_IDS);
        int total = 0;
        // round robin, a few requests per operation a round, so a slow operation cannot starve the others
        boolean more = true;
        while (more && System.currentTimeMillis() < started + BUDGET_MS) {
            more = false;
            for (String[] operation : operations) {
                String key = operation[0] + " " + operation[1];
                int sent = sentPerOperation.getOrDefault(key, 0);
                for (int i = 0; i < ROUND && sent < TRIES; i++, sent++, total++) {
                    ContractRequest request = requests.next(operation[0], operation[1]);
                    HttpResponse<String> answer = send(request);
                    check(request, answer);
                    if (answer.statusCode() == 204 && request.method().equals("DELETE")) {
                        seed(); // the known website or template may be gone: later requests still reach them
                    }
                }
                sentPerOperation.put(key, sent);
                more |= sent < TRIES;
            }
        }
        long took = System.currentTimeMillis() - started;
        System.out.printf("OpenApiContractTest: %d requests over %d operations in %d ms (seed %d, at most %d per operation)%n",
                total, operations.size(), took, seed, TRIES);
        sentPerOperation.forEach((operation, count) -> System.out.printf("  %5d %s%n", count, operation));
        assertThat(sentPerOperation.values()).as("every operation got requests").allMatch(count -> count >= 20);
        assertNoFindings("seed " + seed);
    }

    @Example
    void wrongMethodsOnKnownPathsAnswer405WithATrueAllow() throws Exception {
        long started = System.currentTimeMillis();
        int total = 0;
        for (var path : iterable(spec.document.get("paths").fieldNames())) {
            if (path.startsWith("/sandbox/")) {
                continue; // served in sandbox mode only (its GET documents the 404 it is here)
            }
            Set<String> documented = new TreeSet<>();
            spec.document.get("paths").get(path).fieldNames().forEachRemaining(name -> {
                if (OpenApiSpec.METHODS.contains(name)) {
                    documented.add(name.toUpperCase(Locale.ROOT));
                }
            });
            String target = path;
            for (String name : List.of("websiteId", "templateId", "notificationId", "deadLetterId", "keyId", "callbackId")) {
                target = target.replace("{" + name + "}", KNOWN_IDS.getOrDefault(name, "some-id"));
            }
            for (String method : List.of("GET", "PUT", "POST", "DELETE", "PATCH")) {
                if (documented.contains(method)) {
                    continue;
                }
                for (String authorization : Arrays.asList("Bearer " + Gateway.ADMIN_TOKEN, null)) {
                    ContractRequest request = new ContractRequest(null, method, target,
                            authorization == null ? Map.of() : Map.of("Authorization", authorization), null, true, List.of(), true);
                    HttpResponse<String> answer = send(request);
                    total++;
                    String where = method + " " + path;
                    if (answer.statusCode() != 405) {
                        record("wrong method not 405", where + " " + answer.statusCode(), request, answer);
                        continue;
                    }
                    Set<String> allow = Arrays.stream(answer.headers().firstValue("Allow").orElse("").split(","))
                            .map(String::trim).filter(m -> !m.isEmpty()).map(m -> m.toUpperCase(Locale.ROOT))
                            .collect(Collectors.toCollection(TreeSet::new));
                    if (!allow.equals(documented)) {
                        record("405 Allow is not the path's methods", where + " Allow " + allow + " documented " + documented, request, answer);
                    }
                    checkEnvelope("405 without the envelope", where, request, answer);
                }
            }
        }
        System.out.printf("OpenApiContractTest: %d wrong-method requests in %d ms%n", total, System.currentTimeMillis() - started);
        assertNoFindings("wrong methods");
    }

    @Example
    void unknownPathsAnswerTheEnvelope() throws Exception {
        long started = System.currentTimeMillis();
        Random random = new Random(Long.getLong("contract.seed", 7));
        SchemaValues values = new SchemaValues(spec, random);
        List<String> targets = new ArrayList<>(List.of("/", "/websites/shop", "/admin", "/admin/", "/admin/nothing",
                "/website/shop", "/website/shop/hsm", "/admin/websites/shop/nothing", "/openapi.yaml", "/sandbox/nothing"));
        for (int i = 0; i < 100; i++) {
            targets.add("/" + values.draw(Arbitraries.strings().withChars(SchemaValues.ALNUM + "-_").ofMinLength(1).ofMaxLength(30))
                    + (values.chance(0.5) ? "/" + ContractRequests.encode(values.draw(Arbitraries.strings().ofMinLength(1).ofMaxLength(10))) : ""));
        }
        int total = 0;
        for (String target : targets) {
            for (String method : List.of("GET", "POST")) {
                ContractRequest request = new ContractRequest(null, method, target,
                        Map.of("Authorization", "Bearer " + Gateway.ADMIN_TOKEN), null, true, List.of(), true);
                HttpResponse<String> answer = send(request);
                total++;
                if (answer.statusCode() != 404) {
                    record("unknown path not 404", method + " " + answer.statusCode(), request, answer);
                }
                checkEnvelope("unknown path without the envelope", method + " " + answer.statusCode(), request, answer);
            }
        }
        System.out.printf("OpenApiContractTest: %d unknown-path requests in %d ms%n", total, System.currentTimeMillis() - started);
        assertNoFindings("unknown paths");
    }

    /** Refused by the HTTP server before any route: still the envelope, and the status that says why. */
    @Example
    void refusalsBelowTheRoutesAnswerTheEnvelope() throws Exception {
        String host = "Host: 127.0.0.1\r\n";
        Map<String, String> raw = new LinkedHashMap<>();
        raw.put("431 a 100 KB header", "GET /admin/websites HTTP/1.1\r\n" + host + "X-Big: " + "a".repeat(100_000) + "\r\n\r\n");
        raw.put("414 a 20 KB URI", "GET /admin/websites?x=" + "a".repeat(20_000) + " HTTP/1.1\r\n" + host + "\r\n");
        raw.put("400 Content-Length -1", "POST /admin/websites/shop HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n");
        raw.put("400 two Content-Lengths", "POST /website/shop/hsm/notifications HTTP/1.1\r\n" + host
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}");
        raw.put("400 a broken header line", "GET /admin/websites HTTP/1.1\r\n" + host + "no colon here\r\n\r\n");
        for (Map.Entry<String, String> request : raw.entrySet()) {
            String[] answer = rawExchange(gateway.port(), request.getValue());
            String expected = request.getKey().substring(0, 3);
            String where = request.getKey();
            if (!answer[0].equals(expected)) {
                recordRaw("below the routes: status", where + " answered " + answer[0], answer);
            }
            try {
                Set<String> errors = spec.validate(spec.document.at("/components/schemas/Envelope"), OpenApiSpec.read(answer[1].getBytes(StandardCharsets.UTF_8)));
                if (!errors.isEmpty()) {
                    recordRaw("below the routes: no envelope", where, answer);
                }
            } catch (RuntimeException notJson) {
                recordRaw("below the routes: no envelope", where, answer);
            }
        }
        System.out.printf("OpenApiContractTest: %d requests below the routes%n", raw.size());
        assertNoFindings("below the routes");
    }

    // --- checks

    void check(ContractRequest request, HttpResponse<String> answer) {
        int status = answer.statusCode();
        String operation = request.operation();
        String where = operation + " " + status;
        if (status >= 500) {
            record("5xx", where, request, answer);
        }
        boolean documented = spec.operation(request.method(), operation.substring(operation.indexOf(' ') + 1))
                .get("responses").has(String.valueOf(status));
        if (!documented) {
            record("status the document does not list", where, request, answer);
        } else {
            try {
                spec.assertDocuments(request.method(), operation.substring(operation.indexOf(' ') + 1), answer);
            } catch (AssertionError | RuntimeException e) {
                record("answer breaks its documented schema", where, request, answer);
            }
        }
        if (status >= 400) {
            checkEnvelope("error without the envelope", where, request, answer);
            if (answer.body().length() > MAX_ERROR_BYTES) {
                record("error answer not bounded (" + answer.body().length() + " bytes)", where, request, answer);
            }
        }
        boolean success = status >= 200 && status < 300;
        if (!request.authorized()) {
            if (success) {
                record("wrong credentials accepted", where, request, answer);
            }
            return;
        }
        boolean admin = operation.contains(" /admin/");
        List<String> violations = request.violations();
        if (success && !violations.isEmpty()) {
            record("request the document refuses, accepted (" + kinds(violations) + ")", where, request, answer);
        }
        if (admin && status != 400 && violations.stream().anyMatch(v -> v.startsWith("query "))
                && violations.stream().noneMatch(v -> v.startsWith("path "))) {
            record("invalid query parameter not refused 400 (" + kinds(violations) + ")", where, request, answer);
        }
        if (admin && status == 400 && violations.isEmpty() && request.queryOnly() && request.target().contains("?")) {
            record("valid parameters refused 400", where, request, answer);
        }
    }

    private static String kinds(List<String> violations) {
        return violations.stream().map(v -> v.replaceAll("=.*", "")).distinct().collect(Collectors.joining(", "));
    }

    void checkEnvelope(String kind, String where, ContractRequest request, HttpResponse<String> answer) {
        try {
            JsonNode body = OpenApiSpec.read(answer.body().getBytes(StandardCharsets.UTF_8));
            if (body == null || !spec.validate(spec.document.at("/components/schemas/Envelope"), body).isEmpty()
                    || body.path("statusCode").asInt() != answer.statusCode()) {
                record(kind, where, request, answer);
            }
        } catch (RuntimeException notJson) {
            record(kind, where, request, answer);
        }
    }

    void record(String kind, String where, ContractRequest request, HttpResponse<String> answer) {
        String example = request.describe() + " → " + answer.statusCode() + " "
                + ContractRequest.clip(answer.body(), 200);
        findings.computeIfAbsent(kind + " | " + where, k -> new Finding(example)).count++;
    }

    void recordRaw(String kind, String where, String[] answer) {
        findings.computeIfAbsent(kind + " | " + where, k -> new Finding(answer[0] + " " + ContractRequest.clip(answer[1], 200))).count++;
    }

    void assertNoFindings(String run) {
        if (findings.isEmpty()) {
            return;
        }
        String list = findings.entrySet().stream()
                .map(f -> String.format("  [%d×] %s%n        e.g. %s", f.getValue().count, f.getKey(), f.getValue().example))
                .collect(Collectors.joining("\n"));
        System.out.println("OpenApiContractTest findings (" + run + "):\n" + list);
        throw new AssertionError(findings.size() + " kinds of answer the document does not describe (" + run + "):\n" + list);
    }

    // --- HTTP

    static HttpResponse<String> send(ContractRequest request) throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(gateway.url(request.target())))
                .timeout(Duration.ofSeconds(30))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One request written as is on a socket: status and body of the answer (the connection may close after it). */
    static String[] rawExchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                int read;
                while ((read = in.read(buffer)) > 0) {
                    received.write(buffer, 0, read);
                    Optional<String[]> whole = whole(received.toString(StandardCharsets.UTF_8));
                    if (whole.isPresent()) {
                        return whole.get();
                    }
                }
            } catch (java.io.IOException closedOrTimedOut) {
                // what arrived is the answer
            }
            String text = received.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String status = text.length() >= 12 ? text.substring(9, 12) : "none";
            return new String[]{status, split < 0 ? "" : text.substring(split + 4)};
        }
    }

    /** The answer once its head and Content-Length bytes of body arrived. */
    private static Optional<String[]> whole(String text) {
        int split = text.indexOf("\r\n\r\n");
        if (split < 0 || text.length() < 12) {
            return Optional.empty();
        }
        String head = text.substring(0, split).toLowerCase(Locale.ROOT);
        int at = head.indexOf("content-length:");
        if (at < 0) {
            return Optional.empty();
        }
        int end = head.indexOf("\r\n", at);
        int length = Integer.parseInt(head.substring(at + 15, end < 0 ? head.length() : end).trim());
        String body = text.substring(split + 4);
        return body.getBytes(StandardCharsets.UTF_8).length >= length ? Optional.of(new String[]{text.substring(9, 12), body}) : Optional.empty();
    }

    private static <T> Iterable<T> iterable(java.util.Iterator<T> iterator) {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        return all;
    }
}
