package io.hsmgateway.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.support.Postgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pool runs the database the way the guarantees need, whatever URL the operator wrote. */
class DatabaseDurabilityTest {

    @TempDir
    Path dir;

    @Test
    void aPlainH2FileUrlRunsWithWriteDelayZeroAndPostgresMode() throws Exception {
        try (HikariDataSource pool = Database.open("jdbc:h2:file:" + dir.resolve("hsm"), "sa", "");
             Connection connection = pool.getConnection()) {
            assertThat(single(connection, "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'WRITE_DELAY'"))
                    .isEqualTo("0");
            assertThat(single(connection, "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'MODE'"))
                    .isEqualTo("PostgreSQL");
            assertThat(single(connection, "SELECT setting_value FROM information_schema.settings WHERE setting_name = 'DEFAULT_NULL_ORDERING'"))
                    .isEqualTo("HIGH");
        }
    }

    @Test
    void anH2UrlAskingForAWriteDelayIsRefusedBeforeAnythingIsOpened() {
        assertThatThrownBy(() -> Database.open("jdbc:h2:file:" + dir.resolve("hsm") + ";WRITE_DELAY=500", "sa", ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("hsm.db.url sets WRITE_DELAY=500 but the gateway needs WRITE_DELAY=0");
        assertThat(dir.resolve("hsm.mv.db")).doesNotExist();
    }

    @Test
    void postgresSessionsCommitSynchronouslyEvenWhenTheUrlAsksForOff() throws Exception {
        String url = Postgres.freshSchema().properties().get("hsm.db.url") + "&options=-c%20synchronous_commit%3Doff";
        // the URL does turn it off on a connection of its own ...
        try (Connection plain = DriverManager.getConnection(url, Postgres.USER, Postgres.PASSWORD)) {
            assertThat(single(plain, "SHOW synchronous_commit")).isEqualTo("off");
        }
        // ... but not on the gateway's
        try (HikariDataSource pool = Database.open(url, Postgres.USER, Postgres.PASSWORD)) {
            assertThat(settingOnSeveralConnections(pool)).containsOnly("on");
        }
    }

    @Test
    void aStrongerSynchronousCommitIsLeftAsItIs() throws Exception {
        String url = Postgres.freshSchema().properties().get("hsm.db.url") + "&options=-c%20synchronous_commit%3Dremote_apply";
        try (HikariDataSource pool = Database.open(url, Postgres.USER, Postgres.PASSWORD)) {
            assertThat(settingOnSeveralConnections(pool)).containsOnly("remote_apply");
        }
    }

    /** Several connections held at once, so they are distinct sessions of the pool. */
    static List<String> settingOnSeveralConnections(HikariDataSource pool) throws SQLException {
        List<Connection> held = new ArrayList<>();
        List<String> values = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection connection = pool.getConnection();
                held.add(connection);
                values.add(single(connection, "SHOW synchronous_commit"));
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
        return values;
    }

    static String single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertThat(result.next()).as(sql).isTrue();
            return result.getString(1);
        }
    }

}
