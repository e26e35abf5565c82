package io.hsmgateway;

import io.hsmgateway.config.GatewayConfiguration;
import org.apache.camel.main.Main;

/**
 * Starts the gateway. {@code config/application.properties} in the working directory overrides the
 * jar's built-in copy of it; -D system properties and environment variables override both.
 */
public final class Application {

    public static final String CONFIG_LOCATIONS =
            "file:config/application.properties;optional=true,classpath:application.properties";

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
