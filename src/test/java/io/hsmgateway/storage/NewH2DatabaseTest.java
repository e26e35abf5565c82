package io.hsmgateway.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.support.LogCapture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A first start makes its H2 database from {@code db/h2-new-database.sql} rather than by Flyway's migrations: the
 * script must be exactly what the migrations make (history included), and Flyway must take the result as its own.
 */
class NewH2DatabaseTest {

    /** Where a fresh script is written when the bundled one is out of date (a new migration). */
    static final Path FRESH_SCRIPT = Path.of("target", "h2-new-database.sql");

    @TempDir
    Path dir;

    @Test
    void theScriptIsWhatTheMigrationsMake() throws Exception {
        String url = H2Url.enforce("jdbc:h2:file:" + dir.resolve("migrated")).url();
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
        String made = script(url);
        String bundled;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(NewH2Database.SCRIPT)) {
            bundled = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!comparable(made).equals(comparable(bundled))) {
            Files.writeString(FRESH_SCRIPT, made);
            fail("src/main/resources/" + NewH2Database.SCRIPT + " is not what the migrations make (a new migration?):"
                    + " copy " + FRESH_SCRIPT + " over it");
        }
    }

    @Test
    void aNewDatabaseIsMadeFromTheScriptAndFlywayTakesItAsItsOwn() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("hsm");
        try (LogCapture log = LogCapture.start(); HikariDataSource pool = Database.open(url, "sa", "")) {
            assertThat(log.text())
                    .contains("made from the bundled schema (V" + SchemaVersion.BUNDLED + ") in one script")
                    .doesNotContain("Migrating schema");
            assertThat(SchemaVersion.current(pool)).isTrue();
            // every applied migration's checksum is the one Flyway computes from the resources
            Flyway.configure().dataSource(pool).locations("classpath:db/migration").load().validate();
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.executeUpdate("INSERT INTO camel_messageprocessed (processorName, messageId, createdAt)"
                        + " VALUES ('p', 'm', CURRENT_TIMESTAMP)");
            }
        }
        assertThat(dir.resolve("hsm.mv.db")).exists();
        assertThat(dir.resolve("hsm.new.mv.db")).doesNotExist();
    }

    /** A first start killed while it made the database left its temporary file: the next one makes it again. */
    @Test
    void aTemporaryFileLeftByAKilledStartIsMadeAgain() throws Exception {
        Files.write(dir.resolve("hsm.new.mv.db"), new byte[] {1, 2, 3});
        try (HikariDataSource pool = Database.open("jdbc:h2:file:" + dir.resolve("hsm"), "sa", "")) {
            assertThat(SchemaVersion.current(pool)).isTrue();
        }
        assertThat(dir.resolve("hsm.new.mv.db")).doesNotExist();
    }

    /** An existing database file, even an empty one, is left to Flyway. */
    @Test
    void anExistingEmptyDatabaseIsMigratedByFlyway() throws Exception {
        String url = H2Url.enforce("jdbc:h2:file:" + dir.resolve("hsm")).url();
        DriverManager.getConnection(url, "sa", "").close();
        try (LogCapture log = LogCapture.start(); HikariDataSource pool = Database.open(url, "sa", "")) {
            assertThat(log.text()).doesNotContain("in one script");
            assertThat(SchemaVersion.current(pool)).isTrue();
        }
    }

    private static String script(String url) throws SQLException {
        StringBuilder script = new StringBuilder();
        try (Connection connection = DriverManager.getConnection(url, "sa", "");
             Statement statement = connection.createStatement();
             ResultSet lines = statement.executeQuery("SCRIPT NOPASSWORDS NOSETTINGS")) {
            while (lines.next()) {
                String line = lines.getString(1);
                if (!line.startsWith("CREATE USER")) { // the database's user is whoever makes it
                    script.append(line).append('\n');
                }
            }
        }
        return script.toString();
    }

    /** Without what differs from one run of the migrations to the next: when each ran and how long it took. */
    private static String comparable(String script) {
        return script.replaceAll("TIMESTAMP '[^']*', \\d+, (TRUE|FALSE)\\)", "TIMESTAMP '-', 0, $1)");
    }
}
