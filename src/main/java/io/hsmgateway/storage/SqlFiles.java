package io.hsmgateway.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Statements of one {@code sql/<folder>/*.sql} folder (or of {@code sql/} itself) for plain JDBC callers, each read once. */
public final class SqlFiles {

    private final String prefix;
    private final Map<String, String> statements = new ConcurrentHashMap<>();
    private final Map<String, String> named = new ConcurrentHashMap<>();

    /** @param folder below {@code sql/}; empty for the statements at its root */
    public SqlFiles(String folder) {
        this.prefix = folder.isEmpty() ? "/sql/" : "/sql/" + folder + "/";
    }

    /**
     * The statement with camel-sql's {@code :#name} parameters written as Spring's {@code :name}, for callers that run
     * a camel-sql file through Spring's {@code NamedParameterJdbcTemplate}.
     */
    public String named(String name) {
        return named.computeIfAbsent(name, n -> get(n).replace(":#", ":"));
    }

    public String get(String name) {
        return statements.computeIfAbsent(name, n -> {
            String path = prefix + n + ".sql";
            try (InputStream in = SqlFiles.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("Missing " + path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
