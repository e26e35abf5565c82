package io.hsmgateway.retention;

import io.hsmgateway.config.SettingsReader;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.zaxxer.hikari.HikariDataSource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.UUID;

/**
 * Retention ({@code hsm.retention.*}): what the gateway keeps only for a while is purged in small batches by one node
 * at a time ({@link RetentionPurge}, {@link RetentionLease}); {@code hsm.retention.interval-ms=0} turns it off.
 */
public class RetentionConfiguration implements CamelConfiguration {

    private RetentionSettings settings;

    @BindToRegistry(RetentionPurge.BEAN_NAME)
    public RetentionPurge retentionPurge(@BeanInject HikariDataSource dataSource, CamelContext context) {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(dataSource);
        Clock clock = Clock.systemUTC();
        return new RetentionPurge(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                new RetentionLease(jdbc, holder(), clock), settings(context), clock,
                () -> context.isStopping() || context.isStopped());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        RetentionSettings s = settings(context);
        if (s.enabled()) {
            context.addRoutes(new RetentionRoutes(s.intervalMs()));
        }
    }

    /** Read once, by whichever comes first (see CallbacksConfiguration: the settings bean cannot be injected). */
    private synchronized RetentionSettings settings(CamelContext context) {
        if (settings == null) {
            settings = RetentionSettings.load(new SettingsReader(context.getPropertiesComponent()));
        }
        return settings;
    }

    /** This node, as the lease row shows it: the host's name and a random part (two gateways on one host differ). */
    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String node = host + "/" + UUID.randomUUID().toString().substring(0, 8);
        return node.length() <= 64 ? node : node.substring(node.length() - 64);
    }
}
