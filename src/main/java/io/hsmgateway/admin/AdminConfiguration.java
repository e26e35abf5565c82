package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.callbacks.CallbackUrls;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/** The admin API, mounted only when hsm.admin.token is set, and the beans its operations call. */
public class AdminConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    @BeanInject
    private GatewaySettings settings;

    @BindToRegistry(AdminApi.PARAMETERS)
    public AdminParameters adminParameters() {
        return new AdminParameters();
    }

    @BindToRegistry(AdminApi.TOKEN)
    public AdminToken adminToken(@BeanInject GatewaySettings settings) {
        return new AdminToken(settings.adminToken());
    }

    @BindToRegistry(AdminApi.STORE)
    public AdminStore adminStore(@BeanInject DataSource dataSource, @BeanInject ObjectMapper json,
                                 @BeanInject AccessTokenCipher accessTokens, @BeanInject WebsiteLookups lookups) {
        return new AdminStore(dataSource, json, accessTokens, lookups);
    }

    @BindToRegistry(AdminApi.DEAD_LETTERS)
    public DeadLetters deadLetters(@BeanInject DataSource dataSource, @BeanInject NotificationSink sink, CamelContext context) {
        return new DeadLetters(dataSource, context, sink);
    }

    @BindToRegistry(AdminApi.CALLBACKS)
    public StatusCallbacks statusCallbacks(@BeanInject DataSource dataSource, @BeanInject ObjectMapper json,
                                           @BeanInject AccessTokenCipher secrets, @BeanInject CallbackUrls urls) {
        return new StatusCallbacks(dataSource, json, secrets, urls);
    }

    @BindToRegistry(AdminApi.REPLIES)
    public AdminReplies adminReplies(@BeanInject ObjectMapper json) {
        return new AdminReplies(json);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi());
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
    }
}
