package io.hsmgateway;

import io.hsmgateway.admin.AdminConfiguration;
import io.hsmgateway.callbacks.CallbacksConfiguration;
import io.hsmgateway.config.DatabaseConfiguration;
import io.hsmgateway.config.HttpServerConfiguration;
import io.hsmgateway.config.PipelineConfiguration;
import io.hsmgateway.config.SettingsConfiguration;
import io.hsmgateway.doors.RestDoorConfiguration;
import io.hsmgateway.retries.RetriesConfiguration;
import io.hsmgateway.sandbox.SandboxConfiguration;
import io.hsmgateway.doors.file.FileDoorConfiguration;
import io.hsmgateway.doors.jms.JmsDoorConfiguration;
import io.hsmgateway.config.StartupFailure;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the gateway. {@code config/application.properties} in the working directory overrides the
 * jar's built-in copy of it; -D system properties and environment variables override both.
 * A gateway that cannot start exits at once, non-zero, with one line saying why (the stack trace at DEBUG).
 */
public final class Application {

    public static final String CONFIG_LOCATIONS =
            "file:config/application.properties;optional=true,classpath:application.properties";

    /** Exit code of a start-up failure: a process supervisor sees it failed and why (the line before). */
    public static final int STARTUP_FAILED = 1;
    /** What is left of a failed start-up (a broker, a pool) gets this long to stop before the process exits. */
    private static final long CLEAN_UP_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = create();
        try {
            main.run(args);
        } catch (Exception | LinkageError failure) {
            LOG.error("Cannot start: {}", StartupFailure.describe(failure, main.getCamelContext()));
            LOG.debug("Start-up failure", failure);
            // Camel's shutdown hook would stop it again and call that a SIGTERM: this stop is ours
            main.getShutdownStrategy().shutdown();
            stopWithin(main, CLEAN_UP_SECONDS);
            System.exit(STARTUP_FAILED);
        }
    }

    public static Main create() {
        Main main = new Main();
        main.setPropertyPlaceholderLocations(CONFIG_LOCATIONS);
        // in this order: each binds beans the next ones are given (settings, database, the pipeline, its doors)
        for (Class<? extends CamelConfiguration> configuration : List.of(SettingsConfiguration.class,
                DatabaseConfiguration.class, HttpServerConfiguration.class, SandboxConfiguration.class,
                PipelineConfiguration.class, RestDoorConfiguration.class, JmsDoorConfiguration.class,
                FileDoorConfiguration.class, RetriesConfiguration.class, CallbacksConfiguration.class,
                AdminConfiguration.class)) {
            main.configure().addConfiguration(configuration);
        }
        return main;
    }

    /** Stops what did start (ports, broker, database pool); never waits longer than the given time for it. */
    private static void stopWithin(Main main, long seconds) throws InterruptedException {
        Thread stopper = new Thread(() -> {
            try {
                main.stop();
            } catch (RuntimeException e) {
                LOG.debug("Stopping after a failed start-up", e);
            }
        }, "startup-failure-cleanup");
        stopper.setDaemon(true);
        stopper.start();
        stopper.join(TimeUnit.SECONDS.toMillis(seconds));
    }
}
