package io.hsmgateway.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Statements of {@code sql/admin/*.sql}, read once. */
final class SqlFiles {

    private final Map<String, String> statements = new ConcurrentHashMap<>();

    String get(String name) {
        return statements.computeIfAbsent(name, n -> {
            try (InputStream in = SqlFiles.class.getResourceAsStream("/sql/admin/" + n + ".sql")) {
                if (in == null) {
                    throw new IllegalStateException("Missing sql/admin/" + n + ".sql");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
