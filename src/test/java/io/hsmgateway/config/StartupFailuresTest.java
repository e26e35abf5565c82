package io.hsmgateway.config;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gateway that cannot start, started as an operator would (its own JVM, the real Application): it must exit
 * non-zero promptly, with one line at ERROR saying why (the key and port, the file and line, the key and value),
 * no stack trace, never claim it started, and never keep running serving nothing.
 */
class StartupFailuresTest {

    /** Booting a JVM on a busy machine takes a while; the failure then must end the process quickly. */
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final Duration EXIT_AFTER_FAILURE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void httpPortInUse() throws Exception {
        try (ServerSocket other = occupy("0.0.0.0")) {
            Failure failure = start(Map.of("hsm.http.port", String.valueOf(other.getLocalPort())));
            failure.saysOnly("hsm.http.port " + other.getLocalPort() + " is already in use");
        }
    }

    @Test
    void managementPortInUse() throws Exception {
        try (ServerSocket other = occupy("0.0.0.0")) {
            Failure failure = start(Map.of("hsm.management.port", String.valueOf(other.getLocalPort())));
            failure.saysOnly("hsm.management.port " + other.getLocalPort() + " is already in use");
        }
    }

    /** Was: "AMQ221034: Waiting indefinitely to obtain primary lock", neither serving nor stopping. */
    @Test
    void aSecondProcessOnTheSameData() throws Exception {
        Path broker = dir.resolve("broker");
        Map<String, String> first = Gateway.defaults();
        first.put("hsm.jms.data-dir", broker.toString());
        first.put("hsm.inbox.dir", dir.resolve("inbox").toString());
        try (GatewayProcess running = GatewayProcess.start(first, dir.resolve("first.log"))) {
            start(Map.of("hsm.jms.data-dir", broker.toString()))
                    .saysOnly(broker.toAbsolutePath() + " is in use by another gateway process");
        }
    }

    @Test
    void embeddedBrokerPortInUse() throws Exception {
        try (ServerSocket other = occupy("127.0.0.1")) {
            Failure failure = start(Map.of("hsm.jms.embedded-acceptor",
                    "tcp://127.0.0.1:" + other.getLocalPort() + "?protocols=CORE,AMQP,STOMP"));
            failure.saysOnly("hsm.jms.embedded-acceptor 127.0.0.1:" + other.getLocalPort() + " is already in use");
        }
    }

    @Test
    void yamlDoorWithAnUnknownStep() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("typo.camel.yaml"), """
                - route:
                    id: typo
                    from:
                      uri: direct:typo
                      steps:
                        - lgo:
                            message: hello
                """);
        Failure failure = start(Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml"));
        failure.saysOnly("file:" + routes.resolve("typo.camel.yaml") + " line 6, column 11: Unknown node id: lgo");
    }

    @Test
    void yamlDoorThatIsNotYaml() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("unterminated.camel.yaml"), """
                - route:
                    id: unterminated
                    from:
                      uri: direct:unterminated
                      steps:
                        - setBody:
                            constant: "no closing quote
                """);
        Failure failure = start(Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml"));
        failure.saysOnly("file:" + routes.resolve("unterminated.camel.yaml")
                + " line 8, column 1: found unexpected end of stream (while scanning a quoted scalar)");
    }

    @Test
    void yamlDoorWithAnUnknownEndpointNamesTheStepLine() throws Exception {
        Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("nowhere.camel.yaml"), """
                - route:
                    id: nowhere
                    from:
                      uri: direct:nowhere
                      steps:
                        - log: on the way
                        - to: nosuchcomponent:anywhere
                """);
        Failure failure = start(Map.of("camel.main.routes-include-pattern", "file:" + routes + "/*.camel.yaml"));
        failure.saysOnly("file:" + routes.resolve("nowhere.camel.yaml")
                + " line 7: route nowhere, to[nosuchcomponent:anywhere]: No endpoint could be found for");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "hsm.http.port              | abc   | hsm.http.port=abc: expected a whole number",
            "hsm.http.port              | 70000 | hsm.http.port=70000: expected a whole number from 1 to 65535",
            // read by Camel too (camel.server.max-body-size={{hsm.request.max-bytes}}): named by our key
            "hsm.request.max-bytes      | 64kb  | hsm.request.max-bytes=64kb: expected a whole number",
            "hsm.request.max-bytes      | 200000 | hsm.request.max-bytes=200000: expected at most 100000",
            "hsm.whatsapp.webhook.max-bytes | 3mb | hsm.whatsapp.webhook.max-bytes=3mb: expected a whole number",
            "hsm.whatsapp.webhook.max-bytes | 1000 | hsm.whatsapp.webhook.max-bytes=1000: expected from hsm.request.max-bytes (65536) to 64 MiB",
            // only a placeholder in a YAML door
            "hsm.inbox.poll-delay-ms    | 1s    | hsm.inbox.poll-delay-ms=1s: expected a whole number",
            // was read as false
            "hsm.media.allow-private-hosts | yes | hsm.media.allow-private-hosts=yes: expected true or false",
            "hsm.delivery.transient-codes  | '1,two' | hsm.delivery.transient-codes=1,two: expected whole numbers separated by commas",
            // a request waiting for its answer is idle too: the timeout would cut answers that are on time
            "hsm.http.idle-timeout-ms   | 5000  | hsm.http.idle-timeout-ms=5000: expected more than hsm.rest.answer-within-ms (20000)",
            // read by the status callbacks' own settings
            "hsm.callbacks.timeout-ms   | 5s    | hsm.callbacks.timeout-ms=5s: expected a whole number",
            // a POST still on its way would be taken back and sent again by another node
            "hsm.callbacks.stale-after-seconds | 5 | hsm.callbacks.stale-after-seconds=5: expected more than hsm.callbacks.timeout-ms (5000 ms)",
            // a lock renewed no more often than it expires would be taken from a live node in the middle of its file
            "hsm.inbox.lock-renew-ms    | 30000 | hsm.inbox.lock-renew-ms=30000: expected more than 0 and less than hsm.inbox.lock-expires-ms (30000)",
    })
    void valueOfTheWrongType(String key, String value, String line) throws Exception {
        start(Map.of(key, value)).saysOnly(line);
    }

    private Failure start(Map<String, String> overrides) throws Exception {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.inbox.dir", dir.resolve("inbox").toString());
        properties.putAll(overrides);
        Path log = dir.resolve("gateway.log");
        try (GatewayProcess gateway = GatewayProcess.launch(properties, log)) {
            long deadline = System.nanoTime() + BOOT.toNanos();
            while (System.nanoTime() < deadline && gateway.alive() && !Files.readString(log).contains(" ERROR ")) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            assertThat(Files.readString(log)).as("the failure is logged at ERROR").contains(" ERROR ");
            OptionalInt exit = gateway.awaitExit(EXIT_AFTER_FAILURE);
            String output = Files.readString(log);
            assertThat(exit).as("exited within %s of the failure; output:%n%s", EXIT_AFTER_FAILURE, output).isPresent();
            assertThat(exit.getAsInt()).as("exit code").isNotZero();
            return new Failure(output);
        }
    }

    private static ServerSocket occupy(String host) throws Exception {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
        return socket;
    }

    private record Failure(String output) {
        void saysOnly(String reason) {
            List<String> errors = output.lines().filter(line -> line.contains(" ERROR ")).toList();
            assertThat(errors).as("one ERROR line; output:%n%s", output).hasSize(1);
            assertThat(errors.get(0)).contains("Cannot start: " + reason);
            assertThat(output).as("no stack trace").doesNotContainPattern("(?m)^\\s+at ")
                    .as("never claims it started").doesNotContain("(hsm-gateway) started")
                    .as("the exit is not a SIGTERM").doesNotContain("SIGTERM");
        }
    }
}
