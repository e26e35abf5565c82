package io.hsmgateway.config;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reported gap: {@code java -jar hsm-gateway.jar --help} printed Camel's generic runner help and nothing about the
 * gateway's keys. It lists them from the jar's application.properties, the file whose keys the README's configuration
 * table describes; this test keeps the two in step.
 */
class ConfigurationHelpTest {

    private static final Pattern KEY = Pattern.compile("`(hsm\\.[a-z0-9.-]+)`");

    @Test
    void helpListsEveryKeyWithItsDefaultAndNotCamelsRunnerHelp() throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            io.hsmgateway.Application.main(new String[] {"--help"});
        } finally {
            System.setOut(out);
        }
        String help = printed.toString(StandardCharsets.UTF_8);
        assertThat(help).contains("hsm.http.port=8080   (HSM_HTTP_PORT)")
                .contains("hsm.management.host=127.0.0.1   (HSM_MANAGEMENT_HOST)")
                .doesNotContain("Apache Camel Runner");
        for (String key : GatewayHelp.keys()) {
            assertThat(help).contains("\n  " + key + "=");
        }
        assertThat(GatewayHelp.keys()).isEqualTo(keysOf(Files.readAllLines(Path.of("config", "application.properties"))));
    }

    @Test
    void theReadmesConfigurationTableAndHelpNameTheSameKeys() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String section = readme.substring(readme.indexOf("\n## Configuration"), readme.indexOf("\n## Health"));
        List<String> rows = section.lines().filter(line -> line.startsWith("| `")).toList();
        List<String> keys = GatewayHelp.keys();

        List<String> unknownInReadme = new ArrayList<>();
        for (String row : rows) {
            Matcher named = KEY.matcher(row.substring(0, row.indexOf(" | ", 2)));
            while (named.find()) {
                if (!keys.contains(named.group(1))) {
                    unknownInReadme.add(named.group(1));
                }
            }
        }
        assertThat(unknownInReadme).as("keys the README's table names that --help does not list").isEmpty();

        List<String> undescribed = new ArrayList<>();
        for (String key : keys) {
            if (rows.stream().noneMatch(row -> describes(row, key))) {
                undescribed.add(key);
            }
        }
        assertThat(undescribed).as("keys --help lists that the README's table does not describe").isEmpty();
    }

    /** The row names the key: in full, or as "`prefix.first` / `last`" or "/ `.last`" (a row for a pair of keys). */
    private static boolean describes(String row, String key) {
        String head = row.substring(0, row.indexOf(" | ", 2));
        if (head.contains("`" + key + "`")) {
            return true;
        }
        String prefix = key.substring(0, key.lastIndexOf('.') + 1);
        String last = key.substring(key.lastIndexOf('.') + 1);
        return head.contains("`" + prefix) && (head.contains("`" + last + "`") || head.contains("`." + last + "`"));
    }

    private static List<String> keysOf(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> line.startsWith("hsm.") && line.contains("="))
                .map(line -> line.substring(0, line.indexOf('=')).strip()).toList();
    }
}
