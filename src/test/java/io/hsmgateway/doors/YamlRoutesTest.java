package io.hsmgateway.doors;

import io.hsmgateway.support.Gateway;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML doors integrators edit: all of them load and start; a broken one stops the gateway. */
class YamlRoutesTest {

    @Test
    void everyShippedYamlRouteStarts() throws Exception {
        List<Path> files = yamlFiles(Path.of("routes"), Path.of("routes/examples"));
        assertThat(files).extracting(f -> f.getFileName().toString())
                .contains("jms-door.camel.yaml", "order-shipped-webhook.camel.yaml");
        List<String> ids = new ArrayList<>();
        for (Path file : files) {
            ids.addAll(routeIds(file));
        }
        assertThat(ids).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(files.size());

        Map<String, String> properties = Gateway.defaults();
        properties.put("camel.main.routes-include-pattern", "file:routes/*.camel.yaml,file:routes/examples/*.camel.yaml");
        // doors that are off by default are switched on: each must be able to start (nothing listens on
        // this SFTP port, so its first poll, ten minutes away, would just fail)
        properties.put("hsm.sftp.enabled", "true");
        properties.put("hsm.sftp.port", String.valueOf(Gateway.freePort()));
        properties.put("hsm.sftp.poll-delay-ms", "600000");
        try (Gateway gateway = Gateway.start(properties)) {
            for (String id : ids) {
                Route route = gateway.context().getRoute(id);
                assertThat(route).as("route %s", id).isNotNull();
                assertThat(gateway.context().getRouteController().getRouteStatus(id))
                        .as("route %s", id).isEqualTo(ServiceStatus.Started);
            }
        }
    }

    @Test
    void examplesAreNotLoadedByDefault() throws Exception {
        try (Gateway gateway = Gateway.start(Gateway.defaults())) {
            assertThat(gateway.context().getRoute("door-jms")).isNotNull();
            assertThat(gateway.context().getRoute("door-order-shipped-webhook")).isNull();
        }
    }

    @Test
    void unknownStepStopsTheGatewayNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken-door.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: broken-door
                    from:
                      uri: direct:broken
                      steps:
                        - setBody:
                            constant: hello
                        - noSuchStep:
                            constant: nope
                """);
        assertThatThrownBy(() -> Gateway.start(withRoutes(dir)))
                .satisfies(e -> assertThat(messages(e)).contains("broken-door.camel.yaml").contains("line 8"));
    }

    @Test
    void malformedYamlStopsTheGatewayNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("bad-indent.camel.yaml");
        Files.writeString(broken, """
                - route:
                    id: bad-indent
                    from:
                      uri: direct:bad
                      steps:
                        - setBody:
                            constant: "unterminated
                """);
        assertThatThrownBy(() -> Gateway.start(withRoutes(dir)))
                .satisfies(e -> assertThat(messages(e)).contains("bad-indent.camel.yaml").containsPattern("line \\d+"));
    }

    private static Map<String, String> withRoutes(Path dir) {
        Map<String, String> properties = Gateway.defaults();
        properties.put("camel.main.routes-include-pattern", "file:" + dir.toAbsolutePath() + "/*.camel.yaml");
        return properties;
    }

    /** The exception's message and its causes', as a log or an operator would read them. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<Path> yamlFiles(Path... dirs) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(p -> p.getFileName().toString().endsWith(".camel.yaml")).sorted().forEach(files::add);
            }
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    private static List<String> routeIds(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        Object document = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        for (Object entry : (List<Object>) document) {
            Map<String, Object> route = (Map<String, Object>) ((Map<String, Object>) entry).get("route");
            assertThat(route).as("%s: every entry is a '- route:' with an explicit id", file).isNotNull();
            assertThat(route.get("id")).as("%s: route id", file).isInstanceOf(String.class);
            ids.add((String) route.get("id"));
        }
        return ids;
    }
}
