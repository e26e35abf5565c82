package io.hsmgateway.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.support.LogCapture;
import io.hsmgateway.support.Postgres;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flyway runs at start-up only when the database's schema is not the one this build bundles: an empty database or
 * one a migration behind is migrated; a current one is opened without Flyway (its scan and validation skipped).
 */
class SchemaVersionTest {

    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)__.+\\.sql");

    @TempDir
    Path dir;

    @Test
    void theBundledVersionIsTheNewestMigrationInTheResources() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            int newest = files.map(file -> MIGRATION.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(name -> Integer.parseInt(name.group(1)))
                    .max().orElseThrow();
            assertThat(SchemaVersion.BUNDLED).as("SchemaVersion.BUNDLED: the newest db/migration script")
                    .isEqualTo(newest);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void anEmptyDatabaseIsMigrated(String database) throws Exception {
        try (HikariDataSource pool = Database.open(url(database), user(database), password(database))) {
            assertThat(appliedVersions(pool)).isEqualTo(SchemaVersion.BUNDLED);
            assertThat(SchemaVersion.current(pool)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void aCurrentSchemaIsOpenedWithoutFlyway(String database) throws Exception {
        String url = url(database);
        Database.open(url, user(database), password(database)).close();
        try (HikariDataSource unpooled = pool(url, database)) {
            // Flyway's validation would refuse to go on with this checksum: opening succeeds only if it did not run
            execute(unpooled, "UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
        }
        try (LogCapture log = LogCapture.start();
             HikariDataSource pool = Database.open(url, user(database), password(database))) {
            assertThat(log.text()).contains("Database schema is current (V" + SchemaVersion.BUNDLED);
            assertThat(appliedVersions(pool)).isEqualTo(SchemaVersion.BUNDLED);
            assertThat(Database.migrate(pool)).as("Flyway ran").isFalse();
        }
    }

    @Test
    void aDatabaseOneMigrationBehindIsMigrated() throws Exception {
        String url = url("h2");
        try (HikariDataSource pool = pool(url, "h2")) {
            Flyway.configure().dataSource(pool).locations("classpath:db/migration")
                    .target(String.valueOf(SchemaVersion.BUNDLED - 1)).load().migrate();
            assertThat(SchemaVersion.current(pool)).isFalse();
        }
        try (HikariDataSource pool = Database.open(url, "sa", "")) {
            assertThat(appliedVersions(pool)).isEqualTo(SchemaVersion.BUNDLED);
            // V23 itself: the drop folders' lock keys are 1024 characters wide
            try (Connection connection = pool.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet width = statement.executeQuery("SELECT character_maximum_length FROM information_schema.columns"
                         + " WHERE table_name = 'camel_messageprocessed' AND column_name = 'messageid'")) {
                assertThat(width.next()).isTrue();
                assertThat(width.getInt(1)).isEqualTo(1024);
            }
        }
    }

    @Test
    void aFailedMigrationInTheHistoryIsLeftToFlyway() throws Exception {
        String url = url("h2");
        Database.open(url, "sa", "").close();
        try (HikariDataSource pool = pool(url, "h2")) {
            assertThat(SchemaVersion.current(pool)).isTrue();
            execute(pool, "UPDATE flyway_schema_history SET success = FALSE WHERE version = '"
                    + SchemaVersion.BUNDLED + "'");
            assertThat(SchemaVersion.current(pool)).isFalse();
        }
    }

    /** A pool on the same database without Database's migration: to prepare a history by hand. */
    private HikariDataSource pool(String url, String database) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(database.equals("h2") ? H2Url.enforce(url).url() : url);
        pool.setUsername(user(database));
        pool.setPassword(password(database));
        return pool;
    }

    private String url(String database) {
        return database.equals("h2") ? "jdbc:h2:file:" + dir.resolve("hsm")
                : Postgres.freshSchema().properties().get("hsm.db.url");
    }

    private static String user(String database) {
        return database.equals("h2") ? "sa" : Postgres.USER;
    }

    private static String password(String database) {
        return database.equals("h2") ? "" : Postgres.PASSWORD;
    }

    private static int appliedVersions(HikariDataSource pool) throws SQLException {
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement();
             ResultSet newest = statement.executeQuery("SELECT max(CAST(version AS INTEGER)) FROM flyway_schema_history"
                     + " WHERE success")) {
            newest.next();
            return newest.getInt(1);
        }
    }

    private static void execute(HikariDataSource pool, String sql) throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
