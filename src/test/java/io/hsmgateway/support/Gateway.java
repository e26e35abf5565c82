package io.hsmgateway.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real gateway (the application's own Main and configuration), started on a free loopback port with
 * only addresses and credentials swapped, plus an HTTP client that talks to it as callers do.
 */
public final class Gateway implements AutoCloseable {

    public static final String ADMIN_TOKEN = "test-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FIRST_PORT = 20_000;
    private static final int PORTS_TO_TRY = 12_000;
    private static final AtomicInteger nextPort = new AtomicInteger(new SecureRandom().nextInt(PORTS_TO_TRY));

    private final Main main;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Gateway(Main main, int port) {
        this.main = main;
        this.port = port;
    }

    /**
     * An in-memory H2 database of its own, a secrets key of its own, the admin API on, media hosts on loopback
     * allowed, an embedded JMS broker of its own (free port, fresh data directory under target/) and a free
     * health port.
     */
    public static Map<String, String> defaults() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("hsm.jms.embedded-acceptor", "tcp://127.0.0.1:" + freePortUnchecked() + "?protocols=CORE,AMQP,STOMP");
        properties.put("hsm.jms.data-dir", "target/broker/" + UUID.randomUUID());
        properties.put("hsm.db.url", "jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
        properties.put("hsm.secrets.key", newSecretsKey());
        properties.put("hsm.admin.token", ADMIN_TOKEN);
        properties.put("hsm.management.port", String.valueOf(freePortUnchecked()));
        properties.put("hsm.media.allow-private-hosts", "true");
        return properties;
    }

    /** A fresh value for hsm.secrets.key: base64 of 32 random bytes. */
    public static String newSecretsKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** {@link #defaults()}, delivering to the given Cloud API stand-in. */
    public static Map<String, String> defaults(com.github.tomakehurst.wiremock.WireMockServer cloudApi) {
        Map<String, String> properties = defaults();
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        return properties;
    }

    public static Gateway start(Map<String, String> properties) throws Exception {
        int port = freePort();
        Main main = Application.create();
        Map<String, Object> overrides = new LinkedHashMap<>(properties);
        overrides.put("hsm.http.port", String.valueOf(port));
        main.setOverrideProperties(overrides);
        main.start();
        return new Gateway(main, port);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public HttpResponse<String> notify(String websiteId, String apiKey, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url("/website/" + websiteId + "/hsm/notifications")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("apikey", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return request(method, path, body, "Bearer " + ADMIN_TOKEN);
    }

    public HttpResponse<String> request(String method, String path, String body, String authorization) throws Exception {
        return request(method, path, body, authorization, Map.of());
    }

    public HttpResponse<String> request(String method, String path, String body, String authorization,
                                        Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Creates (or replaces) a website through the admin API and returns a fresh API key for it. */
    public String website(String websiteId, String phoneNumberId, String accessToken) throws Exception {
        expect(admin("PUT", "/admin/websites/" + websiteId, JSON.writeValueAsString(Map.of(
                "name", "Website " + websiteId, "phoneNumberId", phoneNumberId, "accessToken", accessToken))), 200, 201);
        HttpResponse<String> key = admin("POST", "/admin/websites/" + websiteId + "/apikeys", null);
        expect(key, 201);
        return json(key).get("apikey").asText();
    }

    public void template(String websiteId, String templateId, String templateJson) throws Exception {
        expect(admin("PUT", "/admin/websites/" + websiteId + "/templates/" + templateId, templateJson), 200, 201);
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static void expect(HttpResponse<String> response, int... statuses) {
        for (int status : statuses) {
            if (response.statusCode() == status) {
                return;
            }
        }
        throw new AssertionError("Unexpected " + response.statusCode() + ": " + response.body());
    }

    private static int freePortUnchecked() {
        try {
            return freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A port nothing listens on, for a server a test starts later. Taken below Linux's ephemeral range (32768 and up):
     * a port the kernel handed out (as {@code new ServerSocket(0)} does) can be taken, before the server binds it, as
     * the local port of any outgoing connection, and a gateway then refused its start ("already in use"). Each port is
     * handed out once per test JVM, from a random start so that two JVMs seldom meet.
     */
    public static int freePort() throws IOException {
        for (int tries = 0; tries < PORTS_TO_TRY; tries++) {
            int port = FIRST_PORT + Math.floorMod(nextPort.getAndIncrement(), PORTS_TO_TRY);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another process listens there: the next one
            }
        }
        throw new IOException("No free port in " + FIRST_PORT + "-" + (FIRST_PORT + PORTS_TO_TRY - 1));
    }

    @Override
    public void close() {
        main.stop();
    }
}
