package io.hsmgateway.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar hsm-gateway.jar --help}: the gateway's own keys, read from the jar's built-in
 * {@code application.properties} (config/application.properties, the file the README's configuration table
 * describes; ConfigurationHelpTest keeps the two in step): each {@code hsm.*} key with its default, its environment
 * variable and the comment above it. Camel main's own options are not the gateway's: its generic runner help is not
 * printed.
 */
public final class GatewayHelp {

    private static final String DEFAULTS = "application.properties";

    private GatewayHelp() {
    }

    public static boolean asked(String[] args) {
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("-help")) {
                return true;
            }
        }
        return false;
    }

    public static String text() {
        StringBuilder help = new StringBuilder("""
                Usage: java -jar hsm-gateway.jar     (from the folder that holds routes/ and config/)

                Every key below has the default shown. Override it in config/application.properties (working directory),
                with -Dkey=value, or with its environment variable (HSM_HTTP_PORT for hsm.http.port).
                The README's "Configuration" section explains each one.

                """);
        List<String> comment = new ArrayList<>();
        for (String line : lines()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#")) {
                comment.add(trimmed.replaceFirst("^#+ ?", ""));
                continue;
            }
            if (trimmed.isEmpty()) {
                comment.clear();
                continue;
            }
            int equals = trimmed.indexOf('=');
            String key = equals < 0 ? trimmed : trimmed.substring(0, equals).strip();
            if (key.startsWith("hsm.")) {
                String value = equals < 0 ? "" : trimmed.substring(equals + 1).strip();
                for (String text : comment) {
                    if (text.startsWith("---")) {
                        help.append('\n').append(text.replaceFirst("^---\\s*", "")).append('\n');
                    } else {
                        help.append("    ").append(text).append('\n');
                    }
                }
                help.append("  ").append(key).append('=').append(value)
                        .append("   (").append(environmentVariable(key)).append(")\n");
            }
            comment.clear();
        }
        return help.toString();
    }

    /** The keys --help lists, in the file's order. */
    public static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String line : lines()) {
            String trimmed = line.strip();
            int equals = trimmed.indexOf('=');
            if (!trimmed.startsWith("#") && equals > 0 && trimmed.startsWith("hsm.")) {
                keys.add(trimmed.substring(0, equals).strip());
            }
        }
        return keys;
    }

    static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replaceAll("[.-]", "_");
    }

    private static List<String> lines() {
        try (InputStream in = GatewayHelp.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is not in the jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
