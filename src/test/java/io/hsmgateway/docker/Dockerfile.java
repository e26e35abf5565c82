package io.hsmgateway.docker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's Dockerfile read as Docker reads it (continuation lines joined, comments dropped), for the
 * instructions the tests check. The last stage is the image that runs.
 */
record Dockerfile(List<String[]> instructions) {

    private static final Pattern DURATION = Pattern.compile("--(\\w[\\w-]*)=(\\d+)s");

    static Dockerfile read(Path file) throws IOException {
        List<String[]> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;
            }
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String whole = current.append(line).toString().strip();
            current.setLength(0);
            String[] parts = whole.split("\\s+", 2);
            instructions.add(new String[] {parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""});
        }
        return new Dockerfile(instructions);
    }

    /** The arguments of every {@code instruction} in the final stage. */
    List<String> finalStage(String instruction) {
        int from = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i)[0].equals("FROM")) {
                from = i;
            }
        }
        return instructions.subList(from, instructions.size()).stream()
                .filter(parts -> parts[0].equals(instruction)).map(parts -> parts[1]).toList();
    }

    List<Integer> exposedPorts() {
        return finalStage("EXPOSE").stream().flatMap(ports -> List.of(ports.split("\\s+")).stream())
                .map(port -> Integer.parseInt(port.replace("/tcp", ""))).toList();
    }

    /** ENV KEY=VALUE pairs of the final stage. */
    Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String env : finalStage("ENV")) {
            for (String pair : env.split("\\s+")) {
                String[] keyValue = pair.split("=", 2);
                environment.put(keyValue[0], keyValue[1].replaceAll("^\"|\"$", ""));
            }
        }
        return environment;
    }

    /** The HEALTHCHECK's command, which must be in exec form (a JSON array): Docker runs it without a shell. */
    List<String> healthCheckCommand() throws IOException {
        String healthCheck = single("HEALTHCHECK");
        int json = healthCheck.indexOf("CMD [");
        if (json < 0) {
            throw new IllegalStateException("HEALTHCHECK is not CMD [\"exec\", \"form\"]: " + healthCheck);
        }
        return new ObjectMapper().readValue(healthCheck.substring(json + 4), new TypeReference<List<String>>() { });
    }

    /** A HEALTHCHECK option such as {@code --timeout=5s}. */
    Duration healthCheckOption(String name) {
        Matcher option = DURATION.matcher(single("HEALTHCHECK"));
        while (option.find()) {
            if (option.group(1).equals(name)) {
                return Duration.ofSeconds(Long.parseLong(option.group(2)));
            }
        }
        throw new IllegalStateException("HEALTHCHECK has no --" + name);
    }

    /** Sources copied from the build context (not from another stage), in every stage. */
    List<String> contextSources() {
        return instructions.stream().filter(parts -> parts[0].equals("COPY") && !parts[1].startsWith("--from"))
                .map(parts -> parts[1].split("\\s+"))
                .flatMap(words -> List.of(words).subList(0, words.length - 1).stream()).toList();
    }

    private String single(String instruction) {
        List<String> found = finalStage(instruction);
        if (found.size() != 1) {
            throw new IllegalStateException("Expected one " + instruction + ", found " + found.size());
        }
        return found.get(0);
    }
}
