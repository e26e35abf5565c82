package io.hsmgateway;

import io.hsmgateway.admin.AdminConfiguration;
import io.hsmgateway.api.OpenApiConfiguration;
import io.hsmgateway.callbacks.CallbacksConfiguration;
import io.hsmgateway.config.ClusterConfiguration;
import io.hsmgateway.config.DatabaseConfiguration;
import io.hsmgateway.config.GatewayHelp;
import io.hsmgateway.config.HttpServerConfiguration;
import io.hsmgateway.config.LimitsConfiguration;
import io.hsmgateway.config.PipelineConfiguration;
import io.hsmgateway.config.SettingsConfiguration;
import io.hsmgateway.doors.RestDoorConfiguration;
import io.hsmgateway.observe.ObserveConfiguration;
import io.hsmgateway.retention.RetentionConfiguration;
import io.hsmgateway.retries.RetriesConfiguration;
import io.hsmgateway.sandbox.SandboxConfiguration;
import io.hsmgateway.templatesync.TemplateSyncConfiguration;
import io.hsmgateway.webhooks.WebhooksConfiguration;
import io.hsmgateway.doors.file.FileDoorConfiguration;
import io.hsmgateway.doors.jms.JmsDoorConfiguration;
import io.hsmgateway.doors.rabbitmq.RabbitMqDoorConfiguration;
import io.hsmgateway.doors.mqtt.MqttDoorConfiguration;
import io.hsmgateway.doors.kafka.KafkaDoorConfiguration;
import io.hsmgateway.config.StartupFailure;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Starts the gateway. {@code config/application.properties} in the working directory overrides the
 * jar's built-in copy of it; -D system properties and environment variables override both.
 * A gateway that cannot start exits at once, non-zero, with one line saying why (the stack trace at DEBUG).
 */
public final class Application {

    public static final String CONFIG_LOCATIONS =
            "file:config/application.properties;optional=true,classpath:application.properties";
    /**
     * Camel main's profile key ({@code -Dcamel.main.profile=prod} or {@code CAMEL_MAIN_PROFILE=prod}; the Docker image
     * sets it): {@code config/application-<profile>.properties} is read ahead of the files above and wins over them.
     * Camel main would add that file itself only with its default locations, not with the ones the gateway sets.
     */
    public static final String PROFILE = "camel.main.profile";
    private static final Pattern PROFILE_NAME = Pattern.compile("[A-Za-z0-9_-]+");

    /** Exit code of a start-up failure: a process supervisor sees it failed and why (the line before). */
    public static final int STARTUP_FAILED = 1;
    /** What is left of a failed start-up (a broker, a pool) gets this long to stop before the process exits. */
    private static final long CLEAN_UP_SECONDS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(Application.class);

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (GatewayHelp.asked(args)) {
            // the gateway's keys, not Camel main's generic runner options
            System.out.print(GatewayHelp.text());
            return;
        }
        if (ClassArchiveTraining.asked(args)) {
            // bin/hsm-gateway's training run for the class-data archive: a throw-away gateway, then exit
            int exitCode;
            try {
                exitCode = ClassArchiveTraining.run(Application::create);
            } catch (Exception | LinkageError failure) {
                System.err.println("Class-archive training failed: " + failure);
                exitCode = STARTUP_FAILED;
            }
            System.exit(exitCode); // whatever threads the gateway left: the archive is written at exit
        }
        Main main;
        try {
            main = create();
        } catch (StartupFailure failure) {
            LOG.error("Cannot start: {}", failure.getMessage());
            System.exit(STARTUP_FAILED);
            return;
        }
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
        Optional<String> profile = MainHelper.lookupPropertyFromSysOrEnv(PROFILE).map(String::strip)
                .filter(name -> !name.isEmpty());
        main.setPropertyPlaceholderLocations(configLocations(profile));
        profile.ifPresent(main.configure()::setProfile);
        // in this order: each binds beans the next ones are given (settings, metrics, database, the pipeline, its doors).
        // Instances, not classes: Camel main 4.18 post-processes a configuration it is given as a class twice (when it
        // instantiates it, then with the instances), so every @BindToRegistry method ran twice: two connection pools
        // (one never used, its connections held), two Flyway runs, two of every bean, the first ones thrown away.
        for (CamelConfiguration configuration : List.of(new SettingsConfiguration(), new ObserveConfiguration(),
                new DatabaseConfiguration(), new ClusterConfiguration(), new LimitsConfiguration(), new HttpServerConfiguration(),
                new SandboxConfiguration(),
                new PipelineConfiguration(), new TemplateSyncConfiguration(), new RestDoorConfiguration(), new JmsDoorConfiguration(),
                new RabbitMqDoorConfiguration(),
                new MqttDoorConfiguration(),
                new KafkaDoorConfiguration(),
                new FileDoorConfiguration(), new RetriesConfiguration(), new CallbacksConfiguration(),
                new AdminConfiguration(), new WebhooksConfiguration(), new OpenApiConfiguration(),
                new RetentionConfiguration())) {
            main.configure().addConfiguration(configuration);
        }
        return main;
    }

    /**
     * The configuration files, the first one that sets a key winning: with a profile, its file in the working
     * directory's config/, then the jar's copy of it, then {@link #CONFIG_LOCATIONS}.
     */
    static String configLocations(Optional<String> profile) {
        if (profile.isEmpty()) {
            return CONFIG_LOCATIONS;
        }
        String name = profile.get();
        if (!PROFILE_NAME.matcher(name).matches()) {
            throw new StartupFailure(PROFILE + "=" + name + ": a profile name is letters, digits, '-' and '_' only");
        }
        return "file:config/application-" + name + ".properties;optional=true,classpath:application-" + name
                + ".properties;optional=true," + CONFIG_LOCATIONS;
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
