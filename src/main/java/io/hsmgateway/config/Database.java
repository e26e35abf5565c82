package io.hsmgateway.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and the schema. Flyway applies {@code db/migration} at start-up, on H2 and
 * PostgreSQL alike, so a new node or a new version never runs against an old schema.
 */
public final class Database {

    private Database() {
    }

    public static HikariDataSource open(GatewaySettings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("hsm-db");
        config.setJdbcUrl(settings.dbUrl());
        config.setUsername(settings.dbUser());
        config.setPassword(settings.dbPassword());
        config.setMaximumPoolSize(16);
        config.setConnectionTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return dataSource;
    }
}
