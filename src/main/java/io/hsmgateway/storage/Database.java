package io.hsmgateway.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Set;

/**
 * The connection pool and the schema. Flyway applies {@code db/migration} at start-up, on H2 and
 * PostgreSQL alike, so a new node or a new version never runs against an old schema; a schema that is current
 * already ({@link SchemaVersion}) is left as it is, without Flyway; a new embedded H2 database is made from the
 * migrations' schema in one script ({@link NewH2Database}).
 * <p>
 * "Never lost, never sent twice" rests on one thing the database must do: a commit that returned is in
 * the database after a crash. Whatever URL the operator configured, the pool runs it that way:
 * <ul>
 *   <li>H2: {@link H2Url} adds {@code WRITE_DELAY=0} (and the settings our SQL needs), or stops the
 *       gateway when the URL asks for something else;</li>
 *   <li>PostgreSQL: every session of the pool runs with {@code synchronous_commit} at least {@code on}
 *       (a server, database or role default of {@code off} is overridden; {@code local}, {@code remote_write}
 *       and {@code remote_apply} are as durable and left as they are), and a server with {@code fsync=off},
 *       which no session can change, is reported at start-up.</li>
 * </ul>
 * An H2 database's files (which hold the websites' encrypted access tokens, api key hashes and the requests)
 * are the gateway user's alone: their directory is created 0700 and the files are set to 0600 at every start
 * ({@link OwnerOnlyFiles}). A PostgreSQL server keeps its files itself.
 */
public final class Database {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    public static final int DEFAULT_POOL_SIZE = 16;

    /** H2's "database closed" and "connection broken" codes; PostgreSQL's 08xxx states Hikari knows already. */
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121);

    /**
     * Run on every new PostgreSQL connection: {@code synchronous_commit=off} acknowledges a commit before its
     * WAL is flushed, so a server crash can forget a notification recorded as sent, which is then sent again.
     */
    static final String POSTGRES_DURABLE_COMMITS =
            "SELECT set_config('synchronous_commit', 'on', false) WHERE current_setting('synchronous_commit') = 'off'";

    private Database() {
    }

    /** A connection whose database went away is dropped from the pool, so the pool recovers when it is back. */
    static final class EvictLostConnections implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return H2_CONNECTION_LOST.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    }

    /**
     * @throws IllegalArgumentException an H2 URL that sets a value the guarantees cannot live with (the message
     *                                  names the setting)
     */
    public static HikariDataSource open(String url, String user, String password) {
        return open(url, user, password, DEFAULT_POOL_SIZE);
    }

    /**
     * @param poolSize connections at most (hsm.db.pool-size)
     * @throws IllegalArgumentException an H2 URL that sets a value the guarantees cannot live with (the message
     *                                  names the setting)
     */
    public static HikariDataSource open(String url, String user, String password, int poolSize) {
        Optional<Path> h2Files = H2Url.localFiles(url);
        h2Files.ifPresent(files -> OwnerOnlyFiles.directory(files.getParent(), "database"));
        HikariConfig config = new HikariConfig();
        config.setPoolName("hsm-db");
        config.setJdbcUrl(url);
        if (H2Url.isH2(url)) {
            H2Url.Enforced h2 = H2Url.enforce(url);
            if (!h2.added().isEmpty()) {
                LOG.info("H2 database URL completed with {}: settings the gateway's guarantees and SQL need",
                        String.join(";", h2.added()));
            }
            config.setJdbcUrl(h2.url());
            // before the pool opens it: the pool's first connection would make an empty database
            h2Files.ifPresent(files -> NewH2Database.createIfAbsent(h2.url(), files, user, password));
        } else if (isPostgres(url)) {
            config.setConnectionInitSql(POSTGRES_DURABLE_COMMITS);
        }
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(5_000);
        config.setExceptionOverride(new EvictLostConnections());
        HikariDataSource dataSource = new HikariDataSource(config);
        try {
            if (isPostgres(url)) {
                warnWhenFsyncIsOff(dataSource);
            }
            migrate(dataSource);
            // H2 creates its files with the process umask (often world-readable): hsm.mv.db, hsm.trace.db, ...
            h2Files.ifPresent(files -> OwnerOnlyFiles.restrictFiles(files.getParent(),
                    name -> name.startsWith(files.getFileName() + ".") && name.contains(".db")));
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return dataSource;
    }

    /**
     * Runs Flyway unless the schema is current already (a restart: the usual case), which one query tells.
     * @return whether Flyway ran
     */
    static boolean migrate(DataSource dataSource) {
        if (SchemaVersion.current(dataSource)) {
            LOG.info("Database schema is current (V{}, every migration applied): Flyway not run", SchemaVersion.BUNDLED);
            return false;
        }
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return true;
    }

    public static boolean isPostgres(String url) {
        return url.regionMatches(true, 0, "jdbc:postgresql:", 0, "jdbc:postgresql:".length());
    }

    /** fsync is the server's alone (postgresql.conf): a session cannot turn it on, so it is only reported. */
    private static void warnWhenFsyncIsOff(HikariDataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet fsync = statement.executeQuery("SHOW fsync")) {
            if (fsync.next() && "off".equalsIgnoreCase(fsync.getString(1))) {
                LOG.warn("PostgreSQL runs with fsync=off: commits are not flushed to disk, so a server or power "
                        + "failure can lose or repeat notifications. Set fsync=on in postgresql.conf.");
            }
        } catch (SQLException e) {
            LOG.warn("Could not read PostgreSQL's fsync setting ({}): the guarantees assume fsync=on", e.getMessage());
        }
    }
}
