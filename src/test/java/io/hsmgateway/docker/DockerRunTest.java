package io.hsmgateway.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
import io.hsmgateway.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway run as the image runs it, without Docker (no daemon here): the real process in the project
 * directory (config/ and routes/ beside it, as in /app), with the environment the Dockerfile sets plus what the
 * README's {@code docker run -e} adds; the Dockerfile's own HEALTHCHECK command run as Docker would run it; and
 * {@code docker stop}'s SIGTERM, with work in flight, which must end the process inside Docker's 10 s grace.
 */
class DockerRunTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OK = "{\"messages\":[{\"id\":\"wamid.D\"}]}";
    /** A start-up on a busy 2-core machine (other builds beside it) has been seen to take 80 s. */
    static final Duration STARTUP = Duration.ofSeconds(150);

    @TempDir
    Path dir;
    private WireMockServer cloudApi;
    private Dockerfile dockerfile;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void setUp() throws Exception {
        cloudApi = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        cloudApi.start();
        dockerfile = Dockerfile.read(Path.of("Dockerfile"));
    }

    @AfterEach
    void tearDown() {
        cloudApi.stop();
    }

    @Test
    void healthyUnderItsHealthCheckAndStoppedInsideDockersGraceWithWorkInFlight() throws Exception {
        // WhatsApp slower than the whole grace: what is in flight at SIGTERM cannot finish, it must be cut
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withFixedDelay(30_000).withBody(OK)));
        Map<String, String> environment = containerEnvironment(true);
        int brokerPort = Integer.parseInt(environment.get("HSM_JMS_EMBEDDED_ACCEPTOR").replaceAll(".*:(\\d+).*", "$1"));
        Path log = Path.of("target", "docker-run-gateway.log");
        String inProgress;
        try (GatewayProcess gateway = GatewayProcess.start(properties(), environment, log, STARTUP)) {
            // as Docker does: failures within --start-period do not count, the first success makes it healthy
            await().atMost(dockerfile.healthCheckOption("start-period")).pollInterval(Duration.ofSeconds(1))
                    .until(() -> healthCheck(environment) == 0);
            String apiKey = seed(gateway.port());
            CompletableFuture<HttpResponse<String>> restCall = CompletableFuture.supplyAsync(() -> notify(gateway.port(), apiKey));
            // a producer in another container, over the acceptor the operator opened
            try (StompClient stomp = StompClient.connect(brokerPort)) {
                assertThat(stomp.send("hsm.notifications", Map.of("websiteId", "docker", "apikey", apiKey),
                        request("5491100000002"))).startsWith("RECEIPT");
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).size() == 2);

            long stopping = System.nanoTime();
            assertThat(gateway.terminateWithin(DockerfileTest.DOCKER_STOP_GRACE)).as("exited before docker stop's SIGKILL").isTrue();
            Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
            System.out.printf("SIGTERM with 2 calls in flight: exited in %d ms with status %d%n",
                    stopped.toMillis(), gateway.exitValue());
            assertThat(healthCheck(environment)).as("HEALTHCHECK once stopped").isNotZero();
            // the caller waiting on the REST door was answered before the server closed: it knows its notification
            HttpResponse<String> answer = restCall.get(1, TimeUnit.SECONDS);
            assertThat(answer.statusCode()).isEqualTo(202);
            inProgress = JSON.readTree(answer.body()).get("notificationId").asText();
        }
        assertThat(Files.readString(log)).contains("is shutdown");

        // started again on the same data: what was cut is UNKNOWN, and nothing is sent twice
        cloudApi.resetAll();
        cloudApi.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(200).withBody(OK)));
        try (GatewayProcess restarted = GatewayProcess.start(properties(), environment, log, STARTUP)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> statuses(restarted.port()).getOrDefault("UNKNOWN", 0) == 2);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> cloudApi.findAll(postRequestedFor(anyUrl())).isEmpty());
            assertThat(statuses(restarted.port())).containsEntry("UNKNOWN", 2).doesNotContainKey("SENT");
            assertThat(JSON.readTree(admin(restarted.port(), "GET", "/admin/notifications/" + inProgress, null).body())
                    .get("status").asText()).isEqualTo("UNKNOWN");
        }
    }

    /** docker run -e HSM_JMS_EMBEDDED_ACCEPTOR=tcp://0.0.0.0:... without credentials: refused, and unhealthy. */
    @Test
    void anOpenedBrokerWithoutCredentialsIsRefusedAndTheContainerUnhealthy() throws Exception {
        Map<String, String> environment = containerEnvironment(false);
        Path log = Path.of("target", "docker-run-refused.log");
        try (GatewayProcess gateway = GatewayProcess.launch(properties(), environment, log)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(log)
                    && Files.readString(log).contains("hsm.jms.embedded-acceptor=tcp://0.0.0.0:"));
            assertThat(Files.readString(log)).contains("listens beyond loopback: set hsm.jms.username and hsm.jms.password");
            assertThat(healthCheck(environment)).as("HEALTHCHECK exit status").isNotZero();
        }
    }

    // ------------------------------------------------------------------ the container

    /** The Dockerfile's ENV, then what the README's docker run adds: ports (free ones here) and the broker opened. */
    private Map<String, String> containerEnvironment(boolean withBrokerCredentials) throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(dockerfile.environment());
        environment.put("HSM_HTTP_PORT", String.valueOf(Gateway.freePort()));
        environment.put("HSM_MANAGEMENT_PORT", String.valueOf(Gateway.freePort()));
        environment.put("HSM_JMS_EMBEDDED_ACCEPTOR", "tcp://0.0.0.0:" + Gateway.freePort() + "?protocols=CORE,AMQP,STOMP");
        if (withBrokerCredentials) {
            environment.put("HSM_JMS_USERNAME", "ops");
            environment.put("HSM_JMS_PASSWORD", "ops-secret");
        }
        return environment;
    }

    /** What the test needs besides: its database and broker data in a temporary directory, WhatsApp stubbed. */
    private Map<String, String> properties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm").toAbsolutePath());
        properties.put("hsm.jms.data-dir", dir.resolve("broker").toString());
        properties.put("hsm.inbox.dir", dir.resolve("inbox").toString());
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN);
        properties.put("hsm.whatsapp.base-url", cloudApi.baseUrl());
        properties.put("hsm.throttle.per-number", "0");
        properties.put("hsm.delivery.inline-attempts", "1");
        properties.put("hsm.delivery.stale-after-seconds", "3");
        properties.put("hsm.delivery.poll-ms", "200");
        return properties;
    }

    /** The Dockerfile's HEALTHCHECK command, in exec form as Docker runs it, within its --timeout. */
    private int healthCheck(Map<String, String> environment) throws Exception {
        ProcessBuilder check = new ProcessBuilder(dockerfile.healthCheckCommand()).redirectErrorStream(true);
        check.environment().putAll(environment);
        Process process = check.start();
        if (!process.waitFor(dockerfile.healthCheckOption("timeout").toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    // ------------------------------------------------------------------ talking to it

    private String seed(int port) throws Exception {
        admin(port, "PUT", "/admin/websites/docker",
                "{\"name\":\"Docker\",\"phoneNumberId\":\"5001\",\"accessToken\":\"token-docker\"}");
        admin(port, "PUT", "/admin/websites/docker/templates/hello",
                "{\"name\":\"hello\",\"language\":\"es_AR\",\"type\":\"TEXT\",\"variables\":[\"name\"]}");
        return JSON.readTree(admin(port, "POST", "/admin/websites/docker/apikeys", null).body()).get("apikey").asText();
    }

    private HttpResponse<String> notify(int port, String apiKey) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/website/docker/hsm/notifications"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").header("apikey", apiKey)
                    .POST(HttpRequest.BodyPublishers.ofString(request("5491100000001"))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> statuses(int port) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (JsonNode notification : JSON.readTree(admin(port, "GET", "/admin/notifications?websiteId=docker&limit=100", null).body())) {
            counts.merge(notification.get("status").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private HttpResponse<String> admin(int port, String method, String path, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + Gateway.ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isLessThan(300);
        return response;
    }

    private static String request(String destination) {
        return "{\"templateId\":\"hello\",\"destination\":\"" + destination + "\",\"params\":{\"name\":\"Ana\"}}";
    }
}
