package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.CredentialsInQueryRefusal;
import io.hsmgateway.api.PayloadTooLargeAnswer;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The HTTP server every HTTP door, the admin API and the sandbox listing answer on: its ports (checked free at
 * start-up), its body limit answered in the API's envelope, and no credentials taken from a query string.
 */
public class HttpServerConfiguration implements CamelConfiguration {

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;

    @Override
    public void configure(CamelContext context) throws Exception {
        HttpPorts.configure(context, settings);
        PayloadTooLargeAnswer.install(context, json);
        CredentialsInQueryRefusal.install(context, json);
    }
}
