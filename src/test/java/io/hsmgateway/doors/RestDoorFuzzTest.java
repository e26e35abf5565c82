package io.hsmgateway.doors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property-based fuzzing of the REST door: malformed, huge, oddly encoded and wrongly typed bodies.
 * Whatever arrives, the answer is an envelope whose statusCode is the HTTP status, and never a 500.
 */
class RestDoorFuzzTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<Integer> EXPECTED = Set.of(200, 202, 400, 401, 404, 409, 413, 429);
    static WireMockServer cloudApi;
    static Gateway gateway;
    static String apiKey;

    @BeforeContainer
    static void start() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody("{\"messages\":[{\"id\":\"wamid.f\"}]}")));
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        gateway = Gateway.start(properties);
        apiKey = gateway.website("fuzz", "1", "t");
        gateway.template("fuzz", "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        gateway.template("fuzz", "8", "{\"name\":\"i\",\"language\":\"es\",\"type\":\"IMAGE\",\"variables\":[]}");
    }

    @AfterContainer
    static void stop() {
        gateway.close();
        cloudApi.stop();
    }

    @Property(tries = 300)
    void anyTextGetsAnEnvelope(@ForAll("text") String body) throws Exception {
        assertEnvelope(gateway.notify("fuzz", apiKey, body));
    }

    @Property(tries = 300)
    void anyShapeOfRequestGetsAnEnvelope(@ForAll("requests") String body) throws Exception {
        assertEnvelope(gateway.notify("fuzz", apiKey, body));
    }

    @Property(tries = 20)
    void hugeBodiesAre413InTheEnvelope(@ForAll("huge") String body) throws Exception {
        HttpResponse<String> response = gateway.notify("fuzz", apiKey, body);
        assertEnvelope(response);
        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(300),
                Arbitraries.strings().withChars("{}[]\":,0123456789.-+eEtrufalsn \\u").ofMaxLength(200),
                Arbitraries.of("", "null", "[]", "{}", "\"x\"", "1e309", "{\"a\":", "\uFEFF{}", "{\"templateId\":\"\\ud800\"}"));
    }

    @Provide
    Arbitrary<String> requests() {
        Arbitrary<Object> anyValue = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40).map(s -> (Object) s),
                Arbitraries.integers().map(i -> (Object) i),
                Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null),
                Arbitraries.maps(Arbitraries.strings().alpha().ofMaxLength(6), Arbitraries.strings().ofMaxLength(10))
                        .ofMaxSize(3).map(m -> (Object) m),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(20).map(s -> (Object) s),
                Arbitraries.of("7", "8", 7, "542994843975", "+54 (299) 484-3975", "http://127.0.0.1:1/x.jpg", "ftp://x")
                        .map(v -> (Object) v));
        Arbitrary<Map<String, Object>> params = Arbitraries.maps(Arbitraries.of("name", "other", "1", "ñ", ""), anyValue)
                .ofMaxSize(3);
        Arbitrary<Map<String, Object>> media = Arbitraries.maps(Arbitraries.of("link", "filename", "x"), anyValue).ofMaxSize(3);
        return Combinators.combine(
                anyValue.injectNull(0.1), anyValue.injectNull(0.1), params.map(p -> (Object) p).injectNull(0.1),
                media.map(m -> (Object) m).injectNull(0.6), Arbitraries.of("", "extra"))
                .as((templateId, destination, p, m, extra) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    putIfNotNull(body, "templateId", templateId);
                    putIfNotNull(body, "destination", destination);
                    putIfNotNull(body, "params", p);
                    putIfNotNull(body, "media", m);
                    if (!extra.isEmpty()) {
                        body.put(extra, 1);
                    }
                    try {
                        return JSON.writeValueAsString(body);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Provide
    Arbitrary<String> huge() {
        return Arbitraries.integers().between(70_000, 900_000)
                .map(n -> "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"" + "é".repeat(n / 2) + "\"}}");
    }

    static void putIfNotNull(Map<String, Object> body, String key, Object value) {
        if (value != null) {
            body.put(key, value);
        }
    }

    static void assertEnvelope(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isIn(EXPECTED);
        JsonNode envelope = JSON.readTree(response.body());
        assertThat(envelope.get("code").isTextual()).isTrue();
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(response.statusCode());
        assertThat(envelope.get("description").isTextual()).isTrue();
        assertThat(envelope.has("result")).isTrue();
    }
}
