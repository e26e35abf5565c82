package io.hsmgateway.config;

import io.hsmgateway.support.Gateway;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reported gap: the management port (health with every check's detail, metrics) listened on every interface
 * with no credentials. It listens on loopback by default; opened to another address, it asks for credentials, and
 * without them (or the operator's explicit word) the gateway does not start.
 */
class ManagementPortExposureTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void byDefaultItListensOnLoopbackOnly() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        int port = Integer.parseInt(properties.get("hsm.management.port"));
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(gateway.context().hasService(ManagementHttpServer.class).getHost()).isEqualTo("127.0.0.1");
            assertThat(health(port, null).statusCode()).as("answered (UP or DOWN), not refused").isIn(200, 503);
            // from another of this machine's addresses (when it has one) nothing answers
            Optional<InetAddress> other = nonLoopbackAddress();
            if (other.isPresent()) {
                try (Socket socket = new Socket()) {
                    assertThatThrownBy(() -> socket.connect(new InetSocketAddress(other.get(), port), 2_000))
                            .isInstanceOf(ConnectException.class);
                }
            }
        }
    }

    @Test
    void openedItAsksForCredentials() throws Exception {
        Path users = dir.resolve("management-users.properties");
        Files.writeString(users, "user.ops=s3cret-Pw,monitor\nrole.monitor=*\n");
        Map<String, String> properties = Gateway.defaults();
        int port = Integer.parseInt(properties.get("hsm.management.port"));
        properties.put("hsm.management.host", "0.0.0.0");
        properties.put("camel.management.authentication-enabled", "true");
        properties.put("camel.management.basic-properties-file", users.toString());
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(health(port, null).statusCode()).isEqualTo(401);
            assertThat(health(port, "ops:wrong").statusCode()).isEqualTo(401);
            assertThat(health(port, "ops:s3cret-Pw").statusCode()).as("answered (UP or DOWN)").isIn(200, 503);
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(401);
        }
    }

    @Test
    void openedWithoutCredentialsItDoesNotStart() {
        Map<String, String> properties = Gateway.defaults();
        properties.put("hsm.management.host", "0.0.0.0");
        assertThatThrownBy(() -> Gateway.start(properties).close())
                .hasRootCauseInstanceOf(StartupFailure.class)
                .rootCause().hasMessageStartingWith("hsm.management.host=0.0.0.0 opens health and metrics to other machines: set "
                        + "camel.management.authentication-enabled=true and camel.management.basic-properties-file=");
    }

    @Test
    void openedWithTheOperatorsWordItStartsWithoutCredentials() throws Exception {
        Map<String, String> properties = Gateway.defaults();
        int port = Integer.parseInt(properties.get("hsm.management.port"));
        properties.put("hsm.management.host", "0.0.0.0");
        properties.put("hsm.management.without-credentials", "true");
        try (Gateway gateway = Gateway.start(properties)) {
            assertThat(health(port, null).statusCode()).as("answered (UP or DOWN), not refused").isIn(200, 503);
        }
    }

    private HttpResponse<String> health(int port, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/observe/health"))
                .timeout(Duration.ofSeconds(10));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(nic -> {
                    try {
                        return nic.isUp() && !nic.isLoopback();
                    } catch (java.net.SocketException e) {
                        return false;
                    }
                }).flatMap(NetworkInterface::inetAddresses).filter(address -> address instanceof Inet4Address)
                .findFirst();
    }
}
