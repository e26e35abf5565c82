package io.hsmgateway.storage;

import org.h2.tools.RunScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A new embedded H2 database (no file yet: a first start) made in one script, {@link #SCRIPT}: the schema Flyway's
 * migrations make, their history included, so Flyway finds it current and runs only later migrations, as for any
 * database. Flyway migrating an empty database was a sixth of a first start (0.3 s); the script, a tenth of a second
 * at most, the database's opening included. Made under a temporary name, then renamed: a start killed meanwhile
 * leaves only the temporary file, which the next start makes again. When it cannot be made (an unusual URL),
 * Flyway makes the database as before. {@code NewH2DatabaseTest} keeps the script equal to what the migrations make.
 */
final class NewH2Database {

    static final String SCRIPT = "db/h2-new-database.sql";

    private static final Logger LOG = LoggerFactory.getLogger(NewH2Database.class);
    private static final String FILE_SUFFIX = ".mv.db";

    private NewH2Database() {
    }

    /**
     * @param url   the database's URL, settings enforced ({@link H2Url#enforce})
     * @param files its files without their suffix ({@link H2Url#localFiles})
     * @return true if the database was made here; false if it existed, or was left for Flyway to make
     */
    static boolean createIfAbsent(String url, Path files, String user, String password) {
        Path database = withSuffix(files, FILE_SUFFIX);
        if (Files.exists(database)) {
            return false;
        }
        Path making = files.resolveSibling(files.getFileName() + ".new");
        try {
            deleteFiles(making);
            InputStream script = NewH2Database.class.getClassLoader().getResourceAsStream(SCRIPT);
            if (script == null) {
                throw new IOException(SCRIPT + " is not in the jar");
            }
            String makingUrl = H2Url.PREFIX + "file:" + making + settings(url);
            try (Reader schema = new InputStreamReader(script, StandardCharsets.UTF_8);
                 Connection connection = DriverManager.getConnection(makingUrl, user, password);
                 Statement statement = connection.createStatement()) {
                RunScript.execute(connection, schema);
                statement.execute("SHUTDOWN");
            }
            Files.move(withSuffix(making, FILE_SUFFIX), database, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("New database {}: made from the bundled schema (V{}) in one script", database,
                    SchemaVersion.BUNDLED);
            return true;
        } catch (SQLException | IOException | RuntimeException e) {
            LOG.warn("Could not make the new database {} from the bundled schema ({}): Flyway makes it", database,
                    e.getMessage());
            try {
                deleteFiles(making);
            } catch (IOException ignored) {
                // Flyway makes the database under its own name; a leftover is made again by the next first start
            }
            return false;
        }
    }

    /** The URL's settings ({@code ;MODE=...}), for the same database under another name. */
    private static String settings(String url) {
        int semicolon = url.indexOf(';');
        return semicolon < 0 ? "" : url.substring(semicolon);
    }

    private static void deleteFiles(Path files) throws IOException {
        Files.deleteIfExists(withSuffix(files, FILE_SUFFIX));
        Files.deleteIfExists(withSuffix(files, ".trace.db"));
    }

    private static Path withSuffix(Path files, String suffix) {
        return files.resolveSibling(files.getFileName() + suffix);
    }
}
