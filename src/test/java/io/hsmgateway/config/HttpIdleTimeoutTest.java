package io.hsmgateway.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.LogCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Slow and idle clients on the HTTP port (raw sockets on loopback, against the real gateway): each is closed
 * once it has sent nothing for hsm.http.idle-timeout-ms, whatever it stopped in the middle of; closing them
 * logs no ERROR; and while they hang on, everyone else is answered.
 */
class HttpIdleTimeoutTest {

    private static final long IDLE_TIMEOUT_MS = 3000;
    /** Leeway for the timer and a busy machine; far below "held until the client gives up". */
    private static final long MARGIN_MS = 4000;
    private static final String NOTIFY = "/website/shop/hsm/notifications";

    private static Gateway gateway;
    /** What the gateway logs during each test. */
    private LogCapture log;

    @BeforeAll
    static void start() throws Exception {
        // its DEBUG line says a request ended with the client's close: what a test waits for instead of a sleep
        ((Logger) LoggerFactory.getLogger(HttpPorts.class)).setLevel(Level.DEBUG);
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.http.idle-timeout-ms", String.valueOf(IDLE_TIMEOUT_MS));
        properties.put("hsm.rest.answer-within-ms", "2000");
        properties.put("hsm.jms.enabled", "false");
        gateway = Gateway.start(properties);
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        ((Logger) LoggerFactory.getLogger(HttpPorts.class)).setLevel(null);
    }

    @BeforeEach
    void captureLog() {
        log = LogCapture.start();
    }

    @AfterEach
    void stopCapturingLog() {
        log.close();
    }

    @Test
    void clientThatStopsHalfwayThroughItsHeadersIsClosed() throws Exception {
        try (Socket client = connect()) {
            send(client, "POST " + NOTIFY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: app");
            assertThat(assertClosedWithinIdleTimeout(client)).as("closed for idling, not at once").isGreaterThan(IDLE_TIMEOUT_MS / 2);
        }
        assertNoErrorLogged();
    }

    @Test
    void clientThatStopsHalfwayThroughItsBodyIsClosed() throws Exception {
        try (Socket client = connect()) {
            send(client, "POST " + NOTIFY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "apikey: hsm_whatever\r\nContent-Length: 100\r\n\r\n{\"templateId\": \"7\", \"dest");
            assertThat(assertClosedWithinIdleTimeout(client)).as("closed for idling, not at once").isGreaterThan(IDLE_TIMEOUT_MS / 2);
        }
        assertNoErrorLogged();
    }

    @Test
    void clientThatIdlesAfterAnAnswerIsClosed() throws Exception {
        try (Socket client = connect()) {
            send(client, "GET " + NOTIFY + "/123 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            byte[] answer = new byte[8192];
            int read = client.getInputStream().read(answer);
            assertThat(new String(answer, 0, read, StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 401");
            assertClosedWithinIdleTimeout(client); // keep-alive, then nothing more
        }
        assertNoErrorLogged();
    }

    @Test
    void clientThatGivesUpHalfwayThroughItsBodyLogsNoError() throws Exception {
        try (Socket client = connect()) {
            send(client, "POST " + NOTIFY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "apikey: hsm_whatever\r\nContent-Length: 100\r\n\r\n{\"templateId\"");
        }
        // the positive signal: the server saw this request end with the client's close (its DEBUG line); whatever its
        // handlers were going to log about it, they have logged by then
        await().atMost(Duration.ofSeconds(10)).until(() -> log.events().stream().anyMatch(e -> e.getLevel() == Level.DEBUG
                && e.getFormattedMessage().equals("POST " + NOTIFY + ": the client closed the connection before the request was complete")));
        assertNoErrorLogged();
    }

    @Test
    void manySlowClientsNeitherKeepOthersWaitingNorStay() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket client = connect();
                send(client, i % 2 == 0
                        ? "POST " + NOTIFY + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        : "POST " + NOTIFY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{");
                slow.add(client);
            }
            long started = System.nanoTime();
            HttpResponse<String> answer = gateway.notify("shop", "hsm_not-a-key", "{\"templateId\": \"7\"}");
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));

            for (Socket client : slow) {
                assertClosedWithinIdleTimeout(client);
            }
        } finally {
            for (Socket client : slow) {
                client.close();
            }
        }
        assertNoErrorLogged();
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", gateway.port());
        // without an idle timeout the server would hold the connection until this read timeout: the test fails
        socket.setSoTimeout((int) (IDLE_TIMEOUT_MS + MARGIN_MS));
        return socket;
    }

    private static void send(Socket client, String text) throws IOException {
        client.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        client.getOutputStream().flush();
    }

    /** The server closes the connection (end of stream) before the client's read times out; returns when, in ms. */
    private static long assertClosedWithinIdleTimeout(Socket client) throws IOException {
        long started = System.nanoTime();
        InputStream in = client.getInputStream();
        try {
            while (in.read() != -1) {
                // whatever the server says before closing (nothing, or a 408) is not the point
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("still open " + (IDLE_TIMEOUT_MS + MARGIN_MS) + " ms after the client went quiet");
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }

    private void assertNoErrorLogged() {
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilAsserted(() ->
                assertThat(log.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                        .map(e -> e.getLoggerName() + " " + e.getFormattedMessage()).toList()).isEmpty());
    }
}
