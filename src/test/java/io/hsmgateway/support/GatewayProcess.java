package io.hsmgateway.support;

import io.hsmgateway.Application;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * The gateway in a JVM of its own, so a test can kill it (SIGKILL) or stop it (SIGTERM) as an operator or
 * a crash would, and start it again on the same database.
 */
public final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private GatewayProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static GatewayProcess start(Map<String, String> properties, Path log) throws Exception {
        return start(properties, Map.of(), log);
    }

    /** With environment variables too ({@code HSM_HTTP_PORT} for hsm.http.port), as a container would set them. */
    public static GatewayProcess start(Map<String, String> properties, Map<String, String> environment, Path log)
            throws Exception {
        GatewayProcess gateway = launch(properties, environment, log);
        gateway.awaitReady();
        return gateway;
    }

    /**
     * Waiting up to {@code readyWithin} for it to be ready: a test that starts several gateways at once on a busy
     * machine gives each more than the usual minute.
     */
    public static GatewayProcess start(Map<String, String> properties, Path log, Duration readyWithin) throws Exception {
        return start(properties, Map.of(), log, readyWithin);
    }

    public static GatewayProcess start(Map<String, String> properties, Map<String, String> environment, Path log,
                                       Duration readyWithin) throws Exception {
        GatewayProcess gateway = launch(properties, environment, log);
        gateway.awaitReady(readyWithin);
        return gateway;
    }

    public static GatewayProcess launch(Map<String, String> properties, Path log) throws Exception {
        return launch(properties, Map.of(), log);
    }

    /**
     * Starts the process and returns at once, without waiting for it to be ready: for a start-up meant to fail.
     * The HTTP port is used as given (HSM_HTTP_PORT, else hsm.http.port, even when it is not a number), or a
     * free port when absent.
     */
    public static GatewayProcess launch(Map<String, String> properties, Map<String, String> environment, Path log)
            throws Exception {
        String httpPort = environment.getOrDefault("HSM_HTTP_PORT",
                properties.getOrDefault("hsm.http.port", String.valueOf(Gateway.freePort())));
        int port = httpPort.matches("\\d+") ? Integer.parseInt(httpPort) : -1;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        if (!environment.containsKey("HSM_HTTP_PORT")) {
            command.add("-Dhsm.http.port=" + httpPort);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Application.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .directory(new File(System.getProperty("user.dir")));
        builder.environment().putAll(environment);
        return new GatewayProcess(builder.start(), port);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hook, no draining; what was in flight is cut. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: Camel's graceful shutdown drains in-flight work first. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.exitValue();
    }

    /** SIGTERM, as {@code docker stop} sends it: true if the process has exited within {@code grace}. */
    public boolean terminateWithin(Duration grace) throws InterruptedException {
        process.destroy();
        return process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    public int exitValue() {
        return process.exitValue();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The exit code, once the process has exited within the given time; empty while it still runs. */
    public OptionalInt awaitExit(Duration within) throws InterruptedException {
        return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue()) : OptionalInt.empty();
    }

    private void awaitReady() throws Exception {
        awaitReady(Duration.ofSeconds(60));
    }

    private void awaitReady(Duration within) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The gateway process exited with " + process.exitValue());
            }
            try {
                // the HTTP server opens before the routes start: ready once the admin route answers
                int status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/websites")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status != 404) {
                    return;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (java.io.IOException notYet) {
                Thread.onSpinWait();
                TimeUnit.MILLISECONDS.sleep(100); // polling a port that is not open yet
            }
        }
        throw new IllegalStateException("The gateway process did not open port " + port + " in " + within.toSeconds() + " s");
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
