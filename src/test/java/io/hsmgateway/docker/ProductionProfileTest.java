package io.hsmgateway.docker;

import io.hsmgateway.support.Gateway;
import io.hsmgateway.support.GatewayProcess;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The profile the image runs (the Dockerfile's CAMEL_MAIN_PROFILE), as a process with that environment: its file
 * (config/application-prod.properties) is read ahead of application.properties, so a node with no Cloud API address
 * is not a sandbox (no demo website, no printed key, no stand-in). A profile name that could smuggle in another
 * configuration location stops the start-up with one line. That -D and environment variables still win over the
 * profile, DockerRunTest shows: it runs with the same environment and delivers to its own Cloud API stub.
 */
class ProductionProfileTest {

    @TempDir
    Path dir;

    @Test
    void theImagesProfileIsReadAheadOfTheDefaultsAndNeverRunsTheSandbox() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(Dockerfile.read(Path.of("Dockerfile")).environment());
        String profile = environment.get("CAMEL_MAIN_PROFILE");
        assertThat(profile).as("the image runs a profile").isNotBlank();
        assertThat(Path.of("config", "application-" + profile + ".properties")).exists();
        Path log = Path.of("target", "production-profile.log");
        Files.deleteIfExists(log);
        try (GatewayProcess gateway = GatewayProcess.start(properties(), environment, log, DockerRunTest.STARTUP)) {
            HttpResponse<String> sandbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gateway.port() + "/sandbox/whatsapp/messages"))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sandbox.statusCode()).as("no sandbox listing").isEqualTo(404);
        }
        String output = Files.readString(log);
        assertThat(output).contains("starting with profile: " + ("prod".equals(profile) ? "production" : profile))
                .doesNotContain("SANDBOX MODE").doesNotContain("Demo data created");
    }

    @Test
    void aProfileThatIsNotANameStopsTheStartUp() throws Exception {
        Path log = Path.of("target", "production-profile-refused.log");
        Files.deleteIfExists(log);
        try (GatewayProcess gateway = GatewayProcess.launch(properties(),
                Map.of("CAMEL_MAIN_PROFILE", "prod,file:/etc/hsm/other"), log)) {
            assertThat(gateway.awaitExit(Duration.ofSeconds(90))).hasValue(1);
        }
        assertThat(Files.readString(log)).contains("Cannot start: camel.main.profile=prod,file:/etc/hsm/other: a profile"
                + " name is letters, digits, '-' and '_' only");
    }

    private Map<String, String> properties() throws Exception {
        Map<String, String> properties = new HashMap<>();
        properties.put("hsm.db.url", "jdbc:h2:file:" + dir.resolve("hsm").toAbsolutePath());
        properties.put("hsm.secrets.key-file", dir.resolve("secrets.key").toString());
        properties.put("hsm.inbox.dir", dir.resolve("inbox").toString());
        properties.put("hsm.jms.enabled", "false");
        properties.put("hsm.admin.token", Gateway.ADMIN_TOKEN); // the process counts as ready once the admin API answers
        properties.put("hsm.management.port", String.valueOf(Gateway.freePort()));
        return properties;
    }
}
