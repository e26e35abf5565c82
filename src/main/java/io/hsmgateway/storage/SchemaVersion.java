package io.hsmgateway.storage;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Whether the database's schema is the one this build bundles, read from Flyway's own history table with one query.
 * Flyway's migrate() scans the classpath for migrations and validates every applied one's checksum (about half a
 * second on every start, most of it class loading): when the history already ends at {@link #BUNDLED}, applied
 * successfully, there is nothing for it to do, and {@link Database} does not run it.
 */
final class SchemaVersion {

    /**
     * The newest migration in {@code db/migration} (V23__drop_file_locks.sql), known without a classpath scan.
     * A new migration raises it: SchemaVersionTest fails until it matches the resources.
     */
    static final int BUNDLED = 23;

    private SchemaVersion() {
    }

    /**
     * @return true when every migration up to {@link #BUNDLED} is applied and none failed; false when the history is
     * absent (an empty database), behind, ahead (a newer gateway migrated it: Flyway decides, as before), has a failed
     * migration, or a version this build does not number
     */
    static boolean current(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet history = statement.executeQuery(
                     "SELECT version, success FROM flyway_schema_history WHERE version IS NOT NULL")) {
            int newest = 0;
            while (history.next()) {
                if (!history.getBoolean(2)) {
                    return false;
                }
                newest = Math.max(newest, Integer.parseInt(history.getString(1)));
            }
            return newest == BUNDLED;
        } catch (SQLException | NumberFormatException noHistoryOrAnother) {
            return false;
        }
    }
}
