package io.hsmgateway.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import org.flywaydb.core.Flyway;

import java.sql.SQLException;
import java.util.Set;

/**
 * The connection pool and the schema. Flyway applies {@code db/migration} at start-up, on H2 and
 * PostgreSQL alike, so a new node or a new version never runs against an old schema.
 */
public final class Database {

    /** H2's "database closed" and "connection broken" codes; PostgreSQL's 08xxx states Hikari knows already. */
    private static final Set<Integer> H2_CONNECTION_LOST = Set.of(90067, 90098, 90121);

    private Database() {
    }

    /** A connection whose database went away is dropped from the pool, so the pool recovers when it is back. */
    static final class EvictLostConnections implements SQLExceptionOverride {
        @java.lang.Override
        public Override adjudicate(SQLException e) {
            return H2_CONNECTION_LOST.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
        }
    }

    public static HikariDataSource open(GatewaySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hsm-db");
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(5_000);
        config.setExceptionOverride(new EvictLostConnections());
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
