package io.hsmgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.FailedToCreateRouteException;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reason the gateway cannot start, worded for the operator: its message is the one line logged before the
 * process exits (it names the key, the port or the file, and what is wrong).
 */
public class StartupFailure extends RuntimeException {

    public StartupFailure(String message) {
        super(message);
    }

    public StartupFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Why nothing can listen on host:port, when a listen failed and that can still be seen: {@code " is already
     * in use"} (another process has it), or the system's reason; empty when the port can be bound now.
     */
    public static Optional<String> listenProblem(String host, int port) {
        if (host == null || port < 1 || port > 65535) {
            return Optional.empty(); // not an address to try
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(host, port));
            return Optional.empty();
        } catch (IOException e) {
            boolean inUse = e instanceof BindException && String.valueOf(e.getMessage()).contains("in use");
            return Optional.of(inUse ? " is already in use" : " cannot be listened on: " + e.getMessage());
        }
    }

    /**
     * This failure as a veto of the Camel context's start, for a service or start-up listener to throw: Camel
     * then stops and rethrows it without logging it itself (at ERROR, with a stack trace) before the one line is.
     */
    public VetoCamelContextStartException vetoing() {
        return new VetoCamelContextStartException(getMessage(), this, null, true);
    }

    /**
     * The one line that says why the start-up failed: ours as worded; a YAML door's problem with its file,
     * line and column; a route Camel could not build with its file and the line of the step; anything else as
     * its message and its root cause's, each on one line.
     */
    public static String describe(Throwable failure, CamelContext context) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StartupFailure ours) {
                return ours.getMessage();
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
                return describe(yaml, yaml.getProblemMark().get());
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.NoSuchFileException missing && missing.getFile() != null
                    && !java.nio.file.Path.of(missing.getFile()).isAbsolute()) {
                return notInTheWorkingDirectory(missing.getFile());
            }
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FailedToCreateRouteException route && route.getRouteId() != null
                    && context instanceof ModelCamelContext model
                    && model.getRouteDefinition(route.getRouteId()) != null) {
                return describe(route, model.getRouteDefinition(route.getRouteId()), root);
            }
        }
        String line = firstLine(failure);
        return root == failure || line.contains(firstLine(root)) ? line : line + "; cause: " + firstLine(root);
    }

    /** Camel names the failing step as {@code >>> to[x] <<<}: the step of that name in the route gives the line. */
    private static String describe(FailedToCreateRouteException failure, RouteDefinition route, Throwable root) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        int from = message.indexOf(">>> ");
        int to = message.indexOf(" <<<");
        String step = from >= 0 && to > from ? message.substring(from + 4, to) : null;
        int line = route.getLineNumber();
        if (step != null) {
            line = steps(route).stream().filter(s -> step.equals(s.toString()) && s.getLineNumber() > 0)
                    .mapToInt(ProcessorDefinition::getLineNumber).findFirst().orElse(line);
        }
        String where = route.getLocation() == null ? "" : route.getLocation() + " line " + line + ": ";
        return where + "route " + route.getRouteId() + (step == null ? "" : ", " + step) + ": " + firstLine(root);
    }

    private static List<ProcessorDefinition<?>> steps(ProcessorDefinition<?> parent) {
        List<ProcessorDefinition<?>> all = new ArrayList<>();
        for (ProcessorDefinition<?> step : parent.getOutputs()) {
            all.add(step);
            all.addAll(steps(step));
        }
        return all;
    }

    private static String describe(MarkedYamlEngineException yaml, Mark mark) {
        String context = yaml.getContext() == null ? "" : " (" + yaml.getContext().trim() + ")";
        return mark.getName() + " line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
                + yaml.getProblem().trim() + context;
    }

    /**
     * A relative path (the YAML doors' {@code file:routes/*.camel.yaml}, say) is read from the working directory: a
     * gateway started from another folder finds nothing there. Says where it looked and what to do.
     */
    static String notInTheWorkingDirectory(String file) {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        String key = file.equals("routes") || file.startsWith("routes/") || file.startsWith("routes" + java.io.File.separator)
                ? "camel.main.routes-include-pattern (e.g. file:/srv/hsm/routes/*.camel.yaml)" : "the key that names it";
        return "no " + file + " in the working directory " + cwd + ": relative paths are read from there; start the"
                + " gateway from the folder that holds routes/ and config/ (cd there first), or set " + key
                + " to an absolute path";
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getName() : t.getMessage().strip();
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
