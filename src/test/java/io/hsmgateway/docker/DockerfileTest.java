package io.hsmgateway.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.main.MainConfigurationProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile and .dockerignore agree with the gateway's default configuration (no Docker daemon needed):
 * what is exposed is what listens, the health check asks the health endpoint on the health port, the gateway
 * stops inside docker stop's grace, and the build context carries neither data nor build output.
 * {@link DockerRunTest} runs the health check and the stop against the real process.
 */
class DockerfileTest {

    /** docker stop's default: SIGTERM, then SIGKILL this much later. */
    static final Duration DOCKER_STOP_GRACE = Duration.ofSeconds(10);
    /** Besides the drain: signal to hook, forced routes, broker, database, HTTP server (1.2 s measured on 2 cores). */
    static final Duration STOPPING_THE_REST = Duration.ofSeconds(4);

    private static Dockerfile dockerfile;
    private static Properties defaults;

    @BeforeAll
    static void read() throws IOException {
        dockerfile = Dockerfile.read(Path.of("Dockerfile"));
        defaults = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("config", "application.properties"))) {
            defaults.load(in);
        }
    }

    @Test
    void exposedPortsAreTheHttpHealthAndBrokerPorts() {
        int brokerPort = Integer.parseInt(defaults.getProperty("hsm.jms.embedded-acceptor").replaceAll(".*:(\\d+).*", "$1"));
        assertThat(dockerfile.exposedPorts()).containsExactlyInAnyOrder(
                Integer.parseInt(defaults.getProperty("hsm.http.port")),
                Integer.parseInt(defaults.getProperty("hsm.management.port")),
                brokerPort);
    }

    @Test
    void theHealthCheckAsksTheHealthEndpointOnTheHealthPort() throws IOException {
        String command = String.join(" ", dockerfile.healthCheckCommand());
        assertThat(command)
                .contains(camelDefault("camel.management.healthPath"))
                .contains("${HSM_MANAGEMENT_PORT:-" + defaults.getProperty("hsm.management.port") + "}");
        assertThat(defaults.getProperty("camel.management.port")).isEqualTo("{{hsm.management.port}}");
        assertThat(defaults.getProperty("camel.management.health-path")).as("Camel's default path, checked above").isNull();
        assertThat(dockerfile.healthCheckOption("timeout")).isLessThan(dockerfile.healthCheckOption("interval"));
        // no curl: eclipse-temurin images after 21 dropped it, and nothing of ours may rely on it
        assertThat(dockerfile.healthCheckCommand().get(0)).isEqualTo("bash");
    }

    @Test
    void theGatewayStopsInsideDockerStopsGrace() {
        int shutdownTimeout = Integer.parseInt(defaults.getProperty("camel.main.shutdown-timeout"));
        assertThat(Duration.ofSeconds(shutdownTimeout)).isLessThanOrEqualTo(DOCKER_STOP_GRACE.minus(STOPPING_THE_REST));
        assertThat(dockerfile.finalStage("STOPSIGNAL")).containsExactly("SIGTERM");
    }

    @Test
    void theBuildContextCarriesNoDataNorBuildOutputButEverythingTheImageCopies() throws IOException {
        List<PathMatcher> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .peek(line -> assertThat(line).as("exceptions (!) are not expected here").doesNotStartWith("!"))
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("/$", "")))
                .toList();
        assertThat(ignoredByDocker(ignored, "data/hsm.mv.db")).isTrue();
        assertThat(ignoredByDocker(ignored, "data/broker/journal/activemq-data-1.amq")).isTrue();
        assertThat(ignoredByDocker(ignored, "target/hsm-gateway.jar")).isTrue();
        assertThat(ignoredByDocker(ignored, ".git/HEAD")).isTrue();
        for (String source : dockerfile.contextSources()) {
            assertThat(Path.of(source)).as("COPY " + source).exists();
            assertThat(ignoredByDocker(ignored, source)).as("COPY " + source + " is in the build context").isFalse();
        }
    }

    @Test
    void theImageRunsTheProductionProfileAndCopiesItsFile() {
        String profile = dockerfile.environment().get("CAMEL_MAIN_PROFILE");
        assertThat(profile).isEqualTo("prod");
        assertThat(Path.of("config", "application-" + profile + ".properties")).exists();
        assertThat(dockerfile.finalStage("COPY")).contains("config config");
    }

    @Test
    void composeSecretsStayOutOfTheBuildContext() throws IOException {
        List<PathMatcher> ignored = Files.readAllLines(Path.of(".dockerignore")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(pattern -> FileSystems.getDefault().getPathMatcher("glob:" + pattern.replaceAll("/$", ""))).toList();
        assertThat(ignoredByDocker(ignored, ".env")).isTrue();
    }

    /** Docker excludes a path when a pattern matches it or one of its parent directories. */
    private static boolean ignoredByDocker(List<PathMatcher> patterns, String file) {
        for (Path path = Path.of(file); path != null; path = path.getParent()) {
            Path candidate = path;
            if (patterns.stream().anyMatch(pattern -> pattern.matches(candidate))) {
                return true;
            }
        }
        return false;
    }

    /** A camel-main option's default, as Camel documents it in its own metadata. */
    private static String camelDefault(String option) throws IOException {
        try (InputStream metadata = MainConfigurationProperties.class
                .getResourceAsStream("/META-INF/camel-main-configuration-metadata.json")) {
            for (JsonNode property : new ObjectMapper().readTree(metadata).get("properties")) {
                if (property.get("name").asText().equals(option)) {
                    return property.get("defaultValue").asText();
                }
            }
        }
        throw new IllegalStateException("No such camel-main option: " + option);
    }
}
