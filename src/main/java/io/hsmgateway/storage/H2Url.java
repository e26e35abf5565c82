package io.hsmgateway.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The H2 settings the gateway's guarantees and SQL need, whatever H2 URL the operator configured.
 * A setting the URL leaves out is added; a setting the URL gives another value stops the gateway,
 * naming it. Names are compared as H2 does (case-insensitive); so are values.
 * <ul>
 *   <li>{@code WRITE_DELAY=0} (file and server databases): H2 writes every commit to the file before
 *       the commit returns. H2's default, 500 ms, keeps commits in memory for up to half a second, so a
 *       killed process forgets notifications it had already recorded as sent and sends them again.
 *       H2 reads it from the URL at every open (it is not kept in the file), so it must be in every URL.</li>
 *   <li>{@code DB_CLOSE_ON_EXIT=FALSE} (a database inside this process, file or memory): H2's own shutdown hook
 *       would close the database the moment the process is told to stop (SIGTERM), while the gateway is still
 *       finishing what it had begun: the outcomes of calls already made would fail to be written, and those
 *       notifications would be reported in doubt after the restart. The gateway closes its pool itself, once
 *       everything that writes has stopped, and H2 closes the database with the pool's last connection.</li>
 *   <li>{@code MODE=PostgreSQL}, {@code DATABASE_TO_LOWER=TRUE}, {@code DEFAULT_NULL_ORDERING=HIGH}:
 *       the migrations and queries are written for PostgreSQL and run unchanged on H2 with these.</li>
 * </ul>
 */
public final class H2Url {

    public static final String PREFIX = "jdbc:h2:";

    /** Needed by every H2 database, in memory or not: our SQL is PostgreSQL's. */
    private static final Map<String, String> SQL = orderedMap(
            "MODE", "PostgreSQL",
            "DATABASE_TO_LOWER", "TRUE",
            "DEFAULT_NULL_ORDERING", "HIGH");

    /** Needed by a database that is kept in a file: a commit reaches the file before it returns. */
    private static final Map<String, String> DURABILITY = orderedMap("WRITE_DELAY", "0");

    /** Needed by a database inside this process: it stays open until the gateway has stopped writing. */
    private static final Map<String, String> SHUTDOWN = orderedMap("DB_CLOSE_ON_EXIT", "FALSE");

    /**
     * The URL to open and the settings that were added to it.
     *
     * @param url   the operator's URL with the missing settings appended
     * @param added what was appended, e.g. {@code [WRITE_DELAY=0]}; empty when the URL had them all
     */
    public record Enforced(String url, List<String> added) {
    }

    private H2Url() {
    }

    public static boolean isH2(String jdbcUrl) {
        return jdbcUrl.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /**
     * @throws IllegalArgumentException one line naming the setting, its value and the value needed, when the
     *                                  URL gives a needed setting another value
     */
    public static Enforced enforce(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            throw new IllegalArgumentException("Not an H2 URL: " + jdbcUrl);
        }
        List<String> parts = splitSettings(jdbcUrl);
        String database = parts.get(0).substring(PREFIX.length());
        Map<String, String> given = new LinkedHashMap<>();
        for (String setting : parts.subList(1, parts.size())) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                given.put(setting.substring(0, equals).trim().toUpperCase(Locale.ROOT), setting.substring(equals + 1).trim());
            }
        }
        Map<String, String> needed = new LinkedHashMap<>(SQL);
        if (!inMemory(database)) {
            needed.putAll(DURABILITY);
        }
        if (embedded(jdbcUrl)) {
            needed.putAll(SHUTDOWN);
        }
        StringBuilder url = new StringBuilder(jdbcUrl);
        while (url.charAt(url.length() - 1) == ';' && url.charAt(url.length() - 2) != '\\') {
            url.setLength(url.length() - 1);        // "...;" would append an empty setting
        }
        List<String> added = new ArrayList<>();
        needed.forEach((name, value) -> {
            String set = given.get(name);
            if (set == null) {
                url.append(';').append(name).append('=').append(value);
                added.add(name + '=' + value);
            } else if (!sameValue(name, set, value)) {
                throw new IllegalArgumentException("hsm.db.url sets " + name + "=" + set + " but the gateway needs "
                        + name + "=" + value + (DURABILITY.containsKey(name)
                        ? " (a commit must reach the file before it returns, or a crash sends notifications twice)"
                        : SHUTDOWN.containsKey(name)
                        ? " (the database must stay open while a stopping gateway records what it sent)"
                        : " (its SQL is PostgreSQL's)") + ": remove " + name + " from the URL or set it to " + value);
            }
        });
        return new Enforced(url.toString(), List.copyOf(added));
    }

    /** H2 running inside this process (a file or in memory), not behind a server other nodes may share. */
    public static boolean embedded(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            return false;
        }
        String database = jdbcUrl.substring(PREFIX.length());
        return !database.regionMatches(true, 0, "tcp://", 0, 6) && !database.regionMatches(true, 0, "ssl://", 0, 6);
    }

    /**
     * The database's files on this machine, as H2 names them without their suffix ({@code ./data/hsm} for
     * {@code ./data/hsm.mv.db}): {@code jdbc:h2:file:path} or {@code jdbc:h2:path}, {@code ~} being the home
     * directory. Empty for a database in memory, behind a server ({@code tcp://}, {@code ssl://}) or on
     * another of H2's file systems ({@code zip:}, {@code nio:}, ...).
     */
    public static Optional<Path> localFiles(String jdbcUrl) {
        if (!isH2(jdbcUrl)) {
            return Optional.empty();
        }
        String database = splitSettings(jdbcUrl).get(0).substring(PREFIX.length());
        if (database.regionMatches(true, 0, "file:", 0, 5)) {
            database = database.substring(5);
        } else if (database.matches("(?s)[A-Za-z]{2,}:.*")) {
            return Optional.empty();
        }
        if (database.startsWith("~")) {
            database = System.getProperty("user.home") + database.substring(1);
        }
        return Optional.of(Path.of(database).toAbsolutePath().normalize());
    }

    /** {@code mem:name}, also behind a server ({@code tcp://host/mem:name}): nothing is kept in a file. */
    static boolean inMemory(String database) {
        String path = database;
        for (String server : new String[] {"tcp://", "ssl://"}) {
            if (path.regionMatches(true, 0, server, 0, server.length())) {
                int slash = path.indexOf('/', server.length());
                path = slash < 0 ? "" : path.substring(slash + 1);
            }
        }
        return path.regionMatches(true, 0, "mem:", 0, 4);
    }

    private static boolean sameValue(String name, String given, String needed) {
        if (needed.equals("TRUE")) {
            // H2 reads booleans as true/t/yes/y/1
            return List.of("TRUE", "T", "YES", "Y", "1").contains(given.toUpperCase(Locale.ROOT));
        }
        if (needed.equals("FALSE")) {
            return List.of("FALSE", "F", "NO", "N", "0").contains(given.toUpperCase(Locale.ROOT));
        }
        if (name.equals("WRITE_DELAY")) {
            return given.matches("0+");
        }
        return given.equalsIgnoreCase(needed);
    }

    /** The database part, then each setting; H2 splits on {@code ;} and reads {@code \;} as a literal one. */
    private static List<String> splitSettings(String url) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '\\' && i + 1 < url.length()) {
                current.append(c).append(url.charAt(++i));
            } else if (c == ';') {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
