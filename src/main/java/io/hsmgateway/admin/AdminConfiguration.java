package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin API, mounted only when hsm.admin.token is set. */
public class AdminConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AdminConfiguration.class);

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;
    @BeanInject
    private AccessTokenCipher accessTokens;

    @Override
    public void configure(CamelContext context) throws Exception {
        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi(settings, json, accessTokens));
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
    }
}
