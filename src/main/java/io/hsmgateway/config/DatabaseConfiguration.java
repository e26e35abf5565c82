package io.hsmgateway.config;

import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.storage.DataFolderLock;
import io.hsmgateway.storage.Database;
import io.hsmgateway.storage.DatabaseHealthCheck;
import io.hsmgateway.storage.GroupCommit;
import io.hsmgateway.storage.H2Url;
import io.hsmgateway.storage.ProcessLease;
import io.hsmgateway.secrets.AccessTokenMigration;
import io.hsmgateway.secrets.SecretsKey;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;

/** The database (pool, migrations, health, this process's lease) and the key that encrypts access tokens at rest. */
public class DatabaseConfiguration implements CamelConfiguration {

    /** camel-sql finds the pool by type; the name is for anyone who looks. */
    public static final String DATA_SOURCE = "dataSource";
    public static final String ACCESS_TOKENS = "accessTokenCipher";
    public static final String LEASE_RENEW_MS = "hsm.process.lease-renew-ms";
    public static final String LEASE_EXPIRES_MS = "hsm.process.lease-expires-ms";
    static final String LEASE_ROUTE_ID = "process-lease";
    /** Statements in one group commit at most: enough for a burst of callers, short enough to commit quickly. */
    static final int GROUP_COMMIT_MAX_BATCH = 64;

    @BindToRegistry(DATA_SOURCE)
    public HikariDataSource dataSource(@BeanInject GatewaySettings settings, @BeanInject MeterRegistry metrics,
                                       CamelContext context) throws Exception {
        // an H2 file is this process's alone (AUTO_SERVER=TRUE is H2's own way of sharing one: left to it)
        if (!settings.dbUrl().toUpperCase(java.util.Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            for (java.nio.file.Path files : H2Url.localFiles(settings.dbUrl()).stream().toList()) {
                holdOrFail(context, files.resolveSibling(files.getFileName() + ".gateway.lock"), "the H2 database (hsm.db.url)");
            }
        }
        HikariDataSource dataSource = refusedAsStartupFailure(
                () -> Database.open(settings.dbUrl(), settings.dbUser(), settings.dbPassword(), settings.dbPoolSize()));
        // the pool's meters (hikaricp_connections_active, _pending, _timeout_total, ...) on /observe/metrics
        dataSource.setMetricRegistry(metrics);
        HealthCheckRegistry.get(context).register(new DatabaseHealthCheck(dataSource));
        // a service added first stops last: after the routes and everything else that may still write
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
            }
        });
        return dataSource;
    }

    /**
     * The hot path's writes (notification records, idempotency keys, the drop folders' ledger), committed together
     * across callers.
     */
    @BindToRegistry(GroupCommit.BEAN_NAME)
    public GroupCommit groupCommit(@BeanInject GatewaySettings settings, @BeanInject HikariDataSource dataSource) {
        return new GroupCommit(dataSource, settings.dbWriters(), GROUP_COMMIT_MAX_BATCH);
    }

    /**
     * This process's lease ({@value #LEASE_RENEW_MS}, {@value #LEASE_EXPIRES_MS}): what it claims or is about to send
     * is another process's once the lease has lapsed.
     */
    @BindToRegistry(ProcessLease.BEAN_NAME)
    public ProcessLease processLease(@BeanInject HikariDataSource dataSource, CamelContext context) {
        SettingsReader settings = new SettingsReader(context.getPropertiesComponent());
        long renewMs = settings.positive(LEASE_RENEW_MS);
        long expiresMs = settings.positive(LEASE_EXPIRES_MS);
        if (expiresMs < 2 * renewMs) {
            throw new StartupFailure(LEASE_EXPIRES_MS + " (" + expiresMs + ") must be at least twice " + LEASE_RENEW_MS
                    + " (" + renewMs + "): a lease would lapse between two renewals");
        }
        return new ProcessLease(dataSource, Duration.ofMillis(renewMs), Duration.ofMillis(expiresMs));
    }

    /** After the database is open: its lock makes this process the only one that may create the key file. */
    @BindToRegistry(ACCESS_TOKENS)
    public AccessTokenCipher accessTokenCipher(@BeanInject GatewaySettings settings, @BeanInject HikariDataSource dataSource,
                                               CamelContext context) {
        AccessTokenCipher accessTokens = refusedAsStartupFailure(
                () -> SecretsKey.load(context.getPropertiesComponent(), settings.dbUrl()));
        new AccessTokenMigration(dataSource, accessTokens).run();
        return accessTokens;
    }

    /** The lease is renewed on a schedule of its own, and ended once everything that could still write has stopped. */
    @Override
    public void configure(CamelContext context) throws Exception {
        ProcessLease lease = context.getRegistry().lookupByNameAndType(ProcessLease.BEAN_NAME, ProcessLease.class);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("scheduler:" + LEASE_ROUTE_ID + "?delay={{" + LEASE_RENEW_MS + "}}&initialDelay={{" + LEASE_RENEW_MS + "}}")
                        .routeId(LEASE_ROUTE_ID)
                        .bean(ProcessLease.BEAN_NAME, "renew");
            }
        });
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                lease.end();
            }
        });
    }

    /**
     * The database's and the key's own refusals (a URL setting the guarantees cannot live with, a malformed or
     * missing key) are worded for the operator: they stay the one line a failed start-up logs, rather than
     * Camel's "Error during post processing of bean" around them.
     */
    /** Takes a data folder's lock, or fails the start-up with the one line saying whose it is. */
    public static void holdOrFail(CamelContext context, java.nio.file.Path lockFile, String what) throws Exception {
        try {
            DataFolderLock.hold(context, lockFile, what);
        } catch (DataFolderLock.InUseException inUse) {
            throw new StartupFailure(inUse.getMessage());
        }
    }

    private static <T> T refusedAsStartupFailure(Supplier<T> opening) {
        try {
            return opening.get();
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException refused) {
            throw new StartupFailure(refused.getMessage(), refused);
        }
    }
}
