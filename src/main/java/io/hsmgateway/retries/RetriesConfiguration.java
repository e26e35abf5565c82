package io.hsmgateway.retries;

import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.config.StartupFailure;
import io.hsmgateway.storage.ProcessLease;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;
import java.time.Duration;

/** The retry worker: every node polls the database for queued notifications that are due. */
public class RetriesConfiguration implements CamelConfiguration {

    static final String DOUBT_AFTER = "hsm.delivery.unresolved-doubt-after-seconds";
    static final String DOUBT_THEN = "hsm.delivery.unresolved-doubt-then";

    @BindToRegistry(RetryQueue.BEAN_NAME)
    public RetryQueue retryQueue(@BeanInject GatewaySettings settings, @BeanInject ProcessLease lease) {
        return new RetryQueue(Duration.ofSeconds(settings.deliveryStaleAfterSeconds()), lease);
    }

    @BindToRegistry(UnresolvedDoubt.BEAN_NAME)
    public UnresolvedDoubt unresolvedDoubt(@BeanInject DataSource dataSource, CamelContext context) {
        SettingsReader settings = new SettingsReader(context.getPropertiesComponent());
        String then = settings.text(DOUBT_THEN);
        try {
            return new UnresolvedDoubt(dataSource, Duration.ofSeconds(settings.wholeNumber(DOUBT_AFTER)), UnresolvedDoubt.then(then));
        } catch (IllegalArgumentException e) {
            throw new StartupFailure(DOUBT_THEN + " must be resend or dead-letter, not \"" + then + "\"");
        }
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new RetryWorker());
    }
}
