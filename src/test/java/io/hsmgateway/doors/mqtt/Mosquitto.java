package io.hsmgateway.doors.mqtt;

import io.hsmgateway.support.Gateway;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The Mosquitto brokers of the MQTT door's tests: the machine's (127.0.0.1:1883, each test on a topic prefix of
 * its own), or one of a test's own ({@code /usr/sbin/mosquitto} on a free port, persistence in a temp dir) that it
 * may stop and start. Tests skip, saying why, when neither can be had.
 */
final class Mosquitto implements AutoCloseable {

    static final String SHARED_URL = "tcp://127.0.0.1:1883";
    static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private Mosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Skips the calling test unless the machine's Mosquitto answers on 127.0.0.1:1883. */
    static void assumeShared() {
        if (!answers(1883)) {
            Assumptions.abort("No MQTT broker on 127.0.0.1:1883 (the machine's Mosquitto): MQTT door test skipped");
        }
    }

    /** A topic prefix no other run uses: hsmtest/<uuid>. */
    static String prefix() {
        return "hsmtest/" + UUID.randomUUID();
    }

    /** A Mosquitto of the test's own on a free loopback port, its persistence under {@code dir}; skips without one. */
    static Mosquitto own(Path dir) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            Assumptions.abort(BINARY + " is not installed: MQTT broker-restart test skipped");
        }
        Mosquitto broker = new Mosquitto(dir, Gateway.freePort());
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                // run as root, Mosquitto would switch to its own user, which cannot write the test's temp dir
                "user " + System.getProperty("user.name"),
                "listener " + broker.port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence true",
                "persistence_location " + dir + "/",
                // no limit on what waits for a client (the default, 1000, drops QoS 1 messages past it)
                "max_queued_messages 0",
                "log_dest file " + dir.resolve("mosquitto.log"),
                ""));
        broker.start();
        return broker;
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    void start() throws Exception {
        process = new ProcessBuilder(BINARY.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!answers(port)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.out")));
            }
            Thread.sleep(50);
        }
    }

    /** SIGTERM, as an operator's restart: Mosquitto writes its persistence file and exits. */
    void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            process.waitFor();
        }
    }

    @Override
    public void close() throws Exception {
        stop();
    }

    private static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
