package io.hsmgateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.CloudApiStub;
import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over the limit (hsm.request.max-bytes, 64 KiB by default) get PAYLOAD_TOO_LARGE in the envelope
 * whatever their size and framing, on every path of the port, without the gateway reading them to the end;
 * the connection is then closed. Talked to by clients the project did not write: curl and a raw socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PayloadTooLargeTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final int LIMIT = 65536;
    static final String WEBSITE = "too-large";

    WireMockServer cloudApi;
    Gateway gateway;
    String apiKey;

    @TempDir
    Path dir;

    @BeforeAll
    void start() throws Exception {
        cloudApi = CloudApiStub.accepting();
        gateway = Gateway.start(Gateway.defaults(cloudApi));
        apiKey = gateway.website(WEBSITE, "1", "t");
        gateway.template(WEBSITE, "7", CloudApiStub.TEXT_TEMPLATE);
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        cloudApi.stop();
    }

    /** Whatever was refused, nothing reached WhatsApp and nothing was recorded. */
    @AfterEach
    void nothingWasDelivered() throws Exception {
        cloudApi.verify(0, anyRequestedFor(anyUrl()));
        JsonNode recorded = Gateway.json(gateway.admin("GET", "/admin/notifications?websiteId=" + WEBSITE, null));
        assertThat(recorded).isEmpty();
    }

    @Test
    void bodyJustOverTheLimitButUnderOneMebibyte() throws Exception {
        HttpResponse<String> response = gateway.notify(WEBSITE, apiKey, validRequestOfSize(LIMIT + 1));

        assertThat(response.statusCode()).isEqualTo(413);
        assertEnvelope(response.body());
    }

    @Test
    void bodyExactlyAtTheLimitIsTakenAndSent() throws Exception {
        String website = "at-the-limit";
        String key = gateway.website(website, "1", "t");
        gateway.template(website, "7", "{\"name\":\"t\",\"language\":\"es\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");

        HttpResponse<String> response = gateway.notify(website, key, validRequestOfSize(LIMIT));

        assertThat(response.statusCode()).isEqualTo(200);
        cloudApi.verify(1, anyRequestedFor(anyUrl()));
        cloudApi.resetRequests(); // sent on purpose: not what the after-check looks for
    }

    @Test
    void twoMebibytesWithContentLengthByCurl() throws Exception {
        Curl curl = curl(validRequestOfSize(2 * 1024 * 1024), false, "POST", restPath(), "apikey: " + apiKey);

        assertThat(curl.exitCode).as("curl exit code").isZero();
        assertThat(curl.status).isEqualTo(413);
        assertEnvelope(curl.body);
    }

    @Test
    void fiveMebibytesChunkedByCurl() throws Exception {
        Curl curl = curl(validRequestOfSize(5 * 1024 * 1024), true, "POST", restPath(), "apikey: " + apiKey);

        assertThat(curl.exitCode).as("curl exit code").isZero();
        assertThat(curl.status).isEqualTo(413);
        assertEnvelope(curl.body);
    }

    @Test
    void adminApiPutOfTwoMebibytes() throws Exception {
        String website = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\",\"phoneNumberId\":\"2\",\"accessToken\":\"t\"}";
        Curl curl = curl(website, false, "PUT", "/admin/websites/too-large-admin",
                "Authorization: Bearer " + Gateway.ADMIN_TOKEN);

        assertThat(curl.exitCode).as("curl exit code").isZero();
        assertThat(curl.status).isEqualTo(413);
        assertEnvelope(curl.body);
        assertThat(gateway.admin("GET", "/admin/websites/too-large-admin", null).statusCode()).isEqualTo(404);
    }

    @Test
    void peerAnnouncingOneHundredMegabytesAndTricklingIsAnsweredPromptlyAndCutOff() throws Exception {
        Trickled trickled = trickle(requestHead("Content-Length: 104857600") + "{\"templateId\":\"7\",",
                " ".repeat(10));

        assertPromptEnvelopeAndClosed(trickled);
    }

    @Test
    void chunkedPeerThatPassesTheLimitAndKeepsTricklingIsAnsweredPromptlyAndCutOff() throws Exception {
        String overTheLimit = Integer.toHexString(LIMIT + 1) + "\r\n" + " ".repeat(LIMIT + 1) + "\r\n";
        Trickled trickled = trickle(requestHead("Transfer-Encoding: chunked") + overTheLimit,
                "a\r\n" + " ".repeat(10) + "\r\n");

        assertPromptEnvelopeAndClosed(trickled);
    }

    private void assertPromptEnvelopeAndClosed(Trickled trickled) throws IOException {
        assertThat(trickled.response).startsWith("HTTP/1.1 413 ");
        assertEnvelope(trickled.response.substring(trickled.response.indexOf("\r\n\r\n") + 4));
        assertThat(trickled.closedByGateway).as("connection closed by the gateway").isTrue();
        assertThat(trickled.elapsedMs).isLessThan(2500);
    }

    private String requestHead(String framing) {
        return "POST " + restPath() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "apikey: " + apiKey + "\r\n"
                + "Content-Type: application/json\r\n"
                + framing + "\r\n\r\n";
    }

    /** What a raw socket got back, whether the gateway closed it, and how long it took from the first bytes. */
    record Trickled(String response, boolean closedByGateway, long elapsedMs) {
    }

    /** Sends {@code start}, then {@code unit} every 50 ms until the connection breaks, reading the answer meanwhile. */
    private Trickled trickle(String start, String unit) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(start.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    while (true) {
                        out.write(unit.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(50);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the gateway closed the connection (or the test is over)
                }
            });
            trickle.setDaemon(true);
            trickle.start();

            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            boolean closedByGateway;
            try {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) != -1; ) {
                    received.write(buffer, 0, n);
                }
                closedByGateway = true;
            } catch (SocketTimeoutException stillOpen) {
                closedByGateway = false;
            } catch (SocketException reset) {
                closedByGateway = true; // closed while our trickle was unread: a reset after the answer
            }
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            trickle.interrupt();
            return new Trickled(received.toString(StandardCharsets.UTF_8), closedByGateway, elapsedMs);
        }
    }

    private void assertEnvelope(String body) throws IOException {
        JsonNode envelope = JSON.readTree(body);
        assertThat(envelope.get("code").asText()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(envelope.get("statusCode").asInt()).isEqualTo(413);
        assertThat(envelope.get("description").asText()).isEqualTo("The body is larger than allowed.");
        assertThat(envelope.get("result").get("maxBytes").asInt()).isEqualTo(LIMIT);
        assertThat(envelope.has("notificationId")).isFalse();
        assertThat(body).isEqualTo("{\"code\":\"PAYLOAD_TOO_LARGE\",\"statusCode\":413,"
                + "\"description\":\"The body is larger than allowed.\",\"result\":{\"maxBytes\":65536}}");
    }

    private String restPath() {
        return "/website/" + WEBSITE + "/hsm/notifications";
    }

    /** A request the gateway would send, padded with spaces to exactly this many bytes. */
    private static String validRequestOfSize(int bytes) {
        String request = "{\"templateId\":\"7\",\"destination\":\"542994843975\",\"params\":{\"name\":\"Julieta\"}}";
        return request + " ".repeat(bytes - request.length());
    }

    record Curl(int exitCode, int status, String body) {
    }

    private Curl curl(String body, boolean chunked, String method, String path, String header) throws Exception {
        Path request = Files.writeString(dir.resolve("request.json"), body);
        Path response = dir.resolve("response.json");
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-X", method,
                "-H", "Content-Type: application/json", "-H", header,
                "--data-binary", "@" + request, "-o", response.toString(), "-w", "%{http_code}"));
        if (chunked) {
            command.addAll(List.of("-H", "Transfer-Encoding: chunked"));
        }
        command.add(gateway.url(path));
        Process curl = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String status = new String(curl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Curl(curl.exitValue(), Integer.parseInt(status),
                Files.exists(response) ? Files.readString(response) : "");
    }
}
