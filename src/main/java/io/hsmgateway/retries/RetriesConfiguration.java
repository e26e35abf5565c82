package io.hsmgateway.retries;

import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.storage.ProcessLease;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import java.time.Duration;

/** The retry worker: every node polls the database for queued notifications that are due. */
public class RetriesConfiguration implements CamelConfiguration {

    @BindToRegistry(RetryQueue.BEAN_NAME)
    public RetryQueue retryQueue(@BeanInject GatewaySettings settings, @BeanInject ProcessLease lease) {
        return new RetryQueue(Duration.ofSeconds(settings.deliveryStaleAfterSeconds()), lease);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new RetryWorker());
    }
}
