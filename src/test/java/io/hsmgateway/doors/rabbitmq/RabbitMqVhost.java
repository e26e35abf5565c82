package io.hsmgateway.doors.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A virtual host of its own on the machine's RabbitMQ (127.0.0.1:5672, guest/guest), made with {@code rabbitmqctl}
 * and deleted with its queues afterwards, so that runs never see each other's messages. The test is skipped (never
 * passed) when the broker does not answer or rabbitmqctl cannot make the virtual host.
 */
public final class RabbitMqVhost implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final int PORT = 5672;

    final String name;

    private RabbitMqVhost(String name) {
        this.name = name;
    }

    public static RabbitMqVhost create(String prefix) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, PORT), 1000);
        } catch (IOException e) {
            Assumptions.abort("RabbitMQ does not answer on " + HOST + ":" + PORT + " (" + e.getMessage() + "): skipped");
        }
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String failure = rabbitmqctl("add_vhost", name);
        if (failure == null) {
            failure = rabbitmqctl("set_permissions", "-p", name, "guest", ".*", ".*", ".*");
        }
        if (failure != null) {
            rabbitmqctl("delete_vhost", name);
            Assumptions.abort("rabbitmqctl could not make a virtual host for the test (" + failure + "): skipped");
        }
        return new RabbitMqVhost(name);
    }

    /** The gateway's keys for this virtual host (the door on, 4 consumers: the machine has 2 cores). */
    public void configure(Map<String, String> properties) {
        properties.put("hsm.rabbitmq.enabled", "true");
        properties.put("hsm.rabbitmq.host", HOST);
        properties.put("hsm.rabbitmq.port", String.valueOf(PORT));
        properties.put("hsm.rabbitmq.virtual-host", name);
        properties.put("hsm.rabbitmq.username", "guest");
        properties.put("hsm.rabbitmq.password", "guest");
    }

    /** The broker's own Java client, as a producer would use it. */
    ConnectionFactory producers() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(HOST);
        factory.setPort(PORT);
        factory.setVirtualHost(name);
        factory.setUsername("guest");
        factory.setPassword("guest");
        return factory;
    }

    /** Closes every client connection of this virtual host, as a broker restart does for them. */
    void closeAllConnections() {
        ctl("close_all_connections", "--vhost", name, "--limit", "1000", "test: broker connection lost");
    }

    /**
     * Refuses new connections to this virtual host until {@link #admitConnections()} (a limit of 0 connections),
     * so that what a client does between losing its connection and having it back can be watched for as long
     * as the test needs: a client reconnecting at once would otherwise be back before rabbitmqctl has returned.
     */
    void refuseConnections() {
        ctl("set_vhost_limits", "-p", name, "{\"max-connections\": 0}");
    }

    void admitConnections() {
        ctl("clear_vhost_limits", "-p", name);
    }

    private static void ctl(String... arguments) {
        String failure = rabbitmqctl(arguments);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    @Override
    public void close() {
        rabbitmqctl("delete_vhost", name);
    }

    /** null when it succeeded, else why not. */
    static String rabbitmqctl(String... arguments) {
        try {
            Process process = new ProcessBuilder(concat(arguments)).redirectErrorStream(true).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "rabbitmqctl " + arguments[0] + " did not end within 60 s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? null : "rabbitmqctl " + arguments[0] + " exited " + process.exitValue() + ": " + output;
        } catch (IOException e) {
            return "rabbitmqctl: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static List<String> concat(String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("rabbitmqctl", "-q"));
        command.addAll(List.of(arguments));
        return command;
    }
}
