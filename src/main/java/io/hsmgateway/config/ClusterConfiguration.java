package io.hsmgateway.config;

import io.hsmgateway.cluster.ClusterNotices;
import io.hsmgateway.cluster.PostgresNotices;
import io.hsmgateway.storage.Database;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;

/** How nodes on one database hear each other: {@link ClusterNotices} (PostgreSQL), nobody to hear on H2. */
public class ClusterConfiguration implements CamelConfiguration {

    @BindToRegistry(ClusterNotices.BEAN_NAME)
    public ClusterNotices clusterNotices(@BeanInject GatewaySettings settings, @BeanInject DataSource dataSource,
                                         CamelContext context) throws Exception {
        if (!Database.isPostgres(settings.dbUrl())) {
            return ClusterNotices.SINGLE_NODE;
        }
        PostgresNotices notices = new PostgresNotices(dataSource, settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        // started now, before anything is cached; stopped with the context (before the pool, which was added first)
        context.addService(notices, true, true);
        return notices;
    }
}
