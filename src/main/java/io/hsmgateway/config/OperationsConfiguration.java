package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.admin.AdminApi;
import io.hsmgateway.pipeline.Housekeeping;
import io.hsmgateway.retries.RetryQueue;
import io.hsmgateway.retries.RetryWorker;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** What runs beside the doors: the retry worker, the hourly clean-up, and the admin API (when a token is set). */
public class OperationsConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(OperationsConfiguration.class);

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;
    @BeanInject
    private AccessTokenCipher accessTokens;

    @BindToRegistry(RetryQueue.BEAN_NAME)
    public RetryQueue retryQueue(@BeanInject GatewaySettings settings) {
        return new RetryQueue(Duration.ofSeconds(settings.deliveryStaleAfterSeconds()));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        context.addRoutes(new RetryWorker());
        context.addRoutes(new Housekeeping());
        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi(settings, json, accessTokens));
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
    }
}
