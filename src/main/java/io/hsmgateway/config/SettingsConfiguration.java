package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/** The typed hsm.* settings (every key read and checked once, at start-up) and the one JSON mapper. */
public class SettingsConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "gatewaySettings";
    public static final String JSON = "json";

    @BindToRegistry(SETTINGS)
    public GatewaySettings gatewaySettings(CamelContext context) {
        return GatewaySettings.load(context.getPropertiesComponent());
    }

    @BindToRegistry(JSON)
    public ObjectMapper json() {
        return new ObjectMapper();
    }
}
