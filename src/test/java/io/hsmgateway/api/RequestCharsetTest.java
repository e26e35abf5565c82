package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies are read in the charset their Content-Type declares (UTF-8 when none): "José" in ISO-8859-1 or UTF-16
 * reaches WhatsApp as "José" in UTF-8 JSON; bytes that are not valid in the declared charset, or a charset the
 * gateway does not know, are INVALID_BODY and nothing is sent.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestCharsetTest {

    static final String WEBSITE = "charset";
    static final String REQUEST = "{\"templateId\":\"7\",\"destination\":\"5491100000001\",\"params\":{\"name\":\"José\"}}";

    final HttpClient http = HttpClient.newHttpClient();
    WireMockServer cloudApi;
    Gateway gateway;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        gateway = Gateway.start(Gateway.defaults(cloudApi));
        apiKey = gateway.website(WEBSITE, "1", "t");
        gateway.template(WEBSITE, "7", CloudApiStub.TEXT_TEMPLATE);
    }

    @BeforeEach
    void cloudApiAccepts() {
        cloudApi.resetAll();
        CloudApiStub.accept(cloudApi);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    @Test
    void latin1DeclaredIsDeliveredAsJose() throws Exception {
        assertDelivered(send("application/json; charset=ISO-8859-1", REQUEST.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void utf16DeclaredIsDeliveredAsUtf8Json() throws Exception {
        assertDelivered(send("application/json;charset=\"utf-16\"", REQUEST.getBytes(StandardCharsets.UTF_16)));
    }

    @Test
    void windows1252DeclaredIsDeliveredToo() throws Exception {
        assertDelivered(send("application/json; charset=windows-1252", REQUEST.getBytes(Charset.forName("windows-1252"))));
    }

    @Test
    void latin1BytesWithoutACharsetAreRefusedNotMangled() throws Exception {
        HttpResponse<String> response = send("application/json", REQUEST.getBytes(StandardCharsets.ISO_8859_1));

        assertRefused(response, "UTF-8");
    }

    @Test
    void anUnknownCharsetIsRefused() throws Exception {
        HttpResponse<String> response = send("application/json; charset=klingon-8", REQUEST.getBytes(StandardCharsets.UTF_8));

        assertRefused(response, "klingon-8");
    }

    @Test
    void aFormIsRefusedAsNotJson() throws Exception {
        // what curl -d sends without a Content-Type: platform-http hands it over parsed, not as bytes
        HttpResponse<String> response = send("application/x-www-form-urlencoded", "templateId=7&destination=5491100000001"
                .getBytes(StandardCharsets.UTF_8));

        JsonNode envelope = Gateway.json(response);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(envelope.at("/result/0/message").asText()).contains("form");
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
    }

    private HttpResponse<String> send(String contentType, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(gateway.url("/website/" + WEBSITE + "/hsm/notifications")))
                .header("Content-Type", contentType).header("apikey", apiKey)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void assertDelivered(HttpResponse<String> response) {
        assertThat(response.body()).contains("\"SUCCESS\"");
        var sent = cloudApi.findAll(anyRequestedFor(anyUrl()));
        assertThat(sent).hasSize(1);
        assertThat(new String(sent.get(0).getBody(), StandardCharsets.UTF_8)).contains("\"text\":\"José\"");
    }

    private void assertRefused(HttpResponse<String> response, String charset) throws Exception {
        JsonNode envelope = Gateway.json(response);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(envelope.get("code").asText()).isEqualTo("INVALID_BODY");
        assertThat(envelope.at("/result/0/path")).isEmpty();
        assertThat(envelope.at("/result/0/context/charset").asText()).isEqualTo(charset);
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
    }
}
