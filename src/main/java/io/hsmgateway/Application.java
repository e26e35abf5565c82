package io.hsmgateway;

import io.hsmgateway.config.GatewayConfiguration;
import org.apache.camel.main.Main;

/**
 * Starts the gateway. Configuration comes from the jar's built-in {@code application.properties}
 * (a copy of {@code config/application.properties}), then {@code config/application.properties} in the
 * working directory, then -D system properties and environment variables.
 */
public final class Application {

    public static final String CONFIG_LOCATIONS =
            "classpath:application.properties,file:config/application.properties;optional=true";

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        main.run(args);
    }

    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(CONFIG_LOCATIONS);
        main.configure().addConfiguration(GatewayConfiguration.class);
        return main;
    }
}
