package io.hsmgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.sandbox.DemoSeeder;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * {@code --make-class-archive}: the training run bin/hsm-gateway does (under {@code -XX:ArchiveClassesAtExit}) when
 * the class-data archive is missing or older than the jar. It starts the gateway as configured, but on a throw-away
 * data folder, free ports and the built-in sandbox (never the operator's database, broker journal or WhatsApp),
 * sends {@link #NOTIFICATIONS} notifications through the REST door and the pipeline, stops, and exits: the JVM then
 * writes every class it loaded, start-up's and the first request's, to the archive the next starts map.
 */
public final class ClassArchiveTraining {

    public static final String ARGUMENT = "--make-class-archive";
    static final int NOTIFICATIONS = 2;
    /** A start-up that hangs (a port, a disk) must not hold the launcher up for ever. */
    private static final long GIVE_UP_AFTER_MS = 120_000;
    private static final int STUCK = 3;
    private static final String ADMIN_TOKEN = UUID.randomUUID().toString();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClassArchiveTraining() {
    }

    public static boolean asked(String[] args) {
        for (String arg : args) {
            if (arg.equals(ARGUMENT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param gateway makes the gateway's Camel main, as the entry point does for a real start
     * @return the process's exit code: 0 when every notification was accepted (SUCCESS)
     */
    public static int run(Supplier<Main> gateway) throws Exception {
        Path data = Files.createTempDirectory("hsm-class-archive-");
        int port = freePort();
        Map<String, Object> overrides = throwAwayGateway(data, port);
        // Camel main lets -D properties and environment variables outrank these: refuse rather than use the
        // operator's database or ports (bin/hsm-gateway runs the training without HSM_* variables)
        for (String key : overrides.keySet()) {
            String variable = key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (System.getProperty(key) != null || System.getenv(variable) != null) {
                System.err.println("Class-archive training: " + key + " (or " + variable + ") is set: the training"
                        + " run uses a throw-away gateway of its own; start it without that setting");
                deleteQuietly(data);
                return 2;
            }
        }
        Main main = gateway.get();
        main.setOverrideProperties(overrides);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(GIVE_UP_AFTER_MS);
                System.err.println("Class-archive training: not done after " + GIVE_UP_AFTER_MS / 1000 + " s, giving up");
                Runtime.getRuntime().halt(STUCK); // no archive: halt skips the dump at exit
            } catch (InterruptedException done) {
                Thread.currentThread().interrupt();
            }
        }, "class-archive-training-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            main.start();
            String apiKey = adminApiKey(port);
            for (int i = 0; i < NOTIFICATIONS; i++) {
                JsonNode answer = post(port, "/website/" + DemoSeeder.WEBSITE_ID + "/hsm/notifications", "apikey", apiKey,
                        "{\"templateId\": \"" + DemoSeeder.TEMPLATE_ID
                                + "\", \"destination\": \"542994843975\", \"params\": {\"name\": \"Julieta\"}}");
                if (!"SUCCESS".equals(answer.path("code").asText())) {
                    System.err.println("Class-archive training: a notification was answered " + answer);
                    return 1;
                }
            }
            get(port, "/sandbox/whatsapp/messages");
            return 0;
        } finally {
            main.stop();
            deleteQuietly(data);
        }
    }

    /** Overrides win over config files, environment variables and the profile: nothing of the operator's is used. */
    static Map<String, Object> throwAwayGateway(Path data, int httpPort) throws IOException {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("hsm.http.port", String.valueOf(httpPort));
        overrides.put("hsm.management.port", String.valueOf(freePort()));
        overrides.put("hsm.db.url", "jdbc:h2:file:" + data.resolve("hsm")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
        overrides.put("hsm.db.user", "sa");
        overrides.put("hsm.db.password", "");
        overrides.put("hsm.secrets.key", "");
        overrides.put("hsm.secrets.key-file", data.resolve("secrets.key").toString());
        overrides.put("hsm.whatsapp.base-url", ""); // the sandbox: the demo website is seeded, nothing leaves
        overrides.put("hsm.sandbox.statuses", "false");
        overrides.put("hsm.admin.token", ADMIN_TOKEN);
        overrides.put("hsm.jms.broker-url", "");
        overrides.put("hsm.jms.username", "");
        overrides.put("hsm.jms.password", "");
        overrides.put("hsm.jms.embedded-acceptor", "tcp://127.0.0.1:" + freePort() + "?protocols=CORE,AMQP,STOMP");
        overrides.put("hsm.jms.data-dir", data.resolve("broker").toString());
        overrides.put("hsm.inbox.dir", data.resolve("inbox").toString());
        overrides.put("hsm.sftp.local-work-dir", data.resolve("sftp-work").toString());
        // doors that need a server of their own stay off: a training run must not depend on, or consume from, them
        for (String door : new String[]{"sftp", "rabbitmq", "mqtt", "kafka"}) {
            overrides.put("hsm." + door + ".enabled", "false");
        }
        return overrides;
    }

    private static String adminApiKey(int port) throws IOException {
        JsonNode created = post(port, "/admin/websites/" + DemoSeeder.WEBSITE_ID + "/apikeys", "Authorization",
                "Bearer " + ADMIN_TOKEN, "{}");
        String key = created.path("apikey").asText();
        if (key.isEmpty()) {
            throw new IllegalStateException("the admin API answered no api key: " + created);
        }
        return key;
    }

    private static JsonNode post(int port, String path, String header, String value, String body) throws IOException {
        HttpURLConnection connection = open(port, path);
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty(header, value);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        return JSON.readTree(answer(connection));
    }

    private static void get(int port, String path) throws IOException {
        answer(open(port, path));
    }

    private static HttpURLConnection open(int port, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path).toURL()
                .openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(30_000);
        return connection;
    }

    private static String answer(HttpURLConnection connection) throws IOException {
        InputStream body = connection.getResponseCode() < 400 ? connection.getInputStream() : connection.getErrorStream();
        try (InputStream in = body) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            System.err.println("Class-archive training: could not delete " + folder + " (" + e.getMessage() + ")");
        }
    }
}
