package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.admin.AdminApi;
import io.hsmgateway.api.CredentialsInQueryRefusal;
import io.hsmgateway.api.PayloadTooLargeAnswer;
import io.hsmgateway.delivery.RetryQueue;
import io.hsmgateway.delivery.RetryWorker;
import io.hsmgateway.delivery.ThroughputLimits;
import io.hsmgateway.doors.AnswerDeadline;
import io.hsmgateway.doors.RestDoor;
import io.hsmgateway.doors.jms.JmsDoorConfiguration;
import io.hsmgateway.doors.file.FileDoors;
import io.hsmgateway.pipeline.ApiKeyAuthenticator;
import io.hsmgateway.pipeline.ErrorHandling;
import io.hsmgateway.pipeline.FailedAuthentications;
import io.hsmgateway.pipeline.Housekeeping;
import io.hsmgateway.pipeline.IdempotencyKeys;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.NotificationRequestReader;
import io.hsmgateway.pipeline.TemplateMatcher;
import io.hsmgateway.pipeline.media.MediaProbe;
import io.hsmgateway.pipeline.media.MediaRules;
import io.hsmgateway.pipeline.media.ProbeConnections;
import io.hsmgateway.pipeline.media.ProbeDeadline;
import io.hsmgateway.pipeline.outcome.FailureClassifier;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.TemplateMessages;
import io.hsmgateway.sandbox.DemoSeeder;
import io.hsmgateway.sandbox.SandboxInbox;
import io.hsmgateway.sandbox.SandboxServer;
import io.hsmgateway.sandbox.WhatsAppSandbox;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.secrets.AccessTokenMigration;
import io.hsmgateway.secrets.SecretsKey;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;

/** Wires the gateway: settings, database, the pipeline's beans, and the routes that use them. */
public class GatewayConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    public static final String DATA_SOURCE = "dataSource";
    public static final String MEDIA_CONNECTION_MANAGER = "mediaConnectionManager";
    public static final String MEDIA_PROBE_DEADLINE = "mediaProbeDeadline";
    public static final String MEDIA_PROBE_THREADS = "media-probe";

    @Override
    public void configure(CamelContext context) throws Exception {
        GatewaySettings settings = GatewaySettings.load(context.getPropertiesComponent());
        ObjectMapper json = new ObjectMapper();

        HikariDataSource dataSource = Database.open(settings);
        context.getRegistry().bind(DATA_SOURCE, dataSource);
        HealthCheckRegistry.get(context).register(new DatabaseHealthCheck(dataSource));
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
            }
        });
        // after the database is open: its lock makes this process the only one that may create the key file
        AccessTokenCipher accessTokens = SecretsKey.load(context.getPropertiesComponent(), settings.dbUrl());
        new AccessTokenMigration(dataSource, accessTokens).run();

        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            // retries are the RetryPolicy's alone: HttpClient's own would resend 503/429 answers unseen
            http.setAutomaticRetriesDisabled(true);
            http.setCookieManagementDisabled(true);
        }

        Duration probeDeadline = Duration.ofMillis(settings.mediaProbeTimeoutMs());
        context.getRegistry().bind(MEDIA_CONNECTION_MANAGER,
                ProbeConnections.create(settings.allowPrivateMediaHosts(), probeDeadline));
        context.getRegistry().bind(MEDIA_PROBE_DEADLINE, new ProbeDeadline(probeDeadline,
                context.getExecutorServiceManager().newSingleThreadScheduledExecutor(context, MEDIA_PROBE_THREADS + "-deadline")));
        MediaProbe mediaProbe = new MediaProbe(context.createProducerTemplate(), mediaProbeEndpoint(settings),
                new MediaRules(settings), mediaProbeThreads(context, settings), probeDeadline,
                Duration.ofSeconds(settings.mediaProbeCacheSeconds()));

        HttpPorts.configure(context, settings);
        PayloadTooLargeAnswer.install(context, json);
        CredentialsInQueryRefusal.install(context, json);

        String cloudApiBaseUrl = settings.sandbox() ? startSandbox(context, json) : settings.whatsappBaseUrl();

        ResponseWriter responses = new ResponseWriter(json);
        IdempotencyKeys idempotencyKeys = new IdempotencyKeys(dataSource,
                Duration.ofSeconds(settings.deliveryStaleAfterSeconds()));
        ThroughputLimits limits = new ThroughputLimits(settings.throttlePerNumber(), settings.restRateLimitPerKey(),
                Duration.ofSeconds(settings.throttleSlowDownSeconds()), settings.retryPolicy().pairBackoff());
        FailedAuthentications failedAuthentications = new FailedAuthentications(settings.restRateLimitPerKey());
        context.addRoutes(new ErrorHandling(new FailureClassifier(settings.retryPolicy(), limits), responses));
        context.addRoutes(new NotificationPipeline(settings, json, cloudApiBaseUrl,
                new ApiKeyAuthenticator(failedAuthentications),
                idempotencyKeys,
                limits,
                settings.inlineRetries(),
                new NotificationRequestReader(json),
                new TemplateMatcher(json),
                mediaProbe,
                new TemplateMessages(),
                new CloudApiReplies(json, settings.whatsappApiVersion(), accessTokens),
                new NotificationRecords(),
                responses));
        AnswerDeadline answerDeadline = new AnswerDeadline(pipelineCaller(context, settings),
                settings.restAnswerWithinMs(), responses);
        // SIGTERM: callers still waiting near the end of the drain get IN_PROGRESS while the server can answer
        context.addLifecycleStrategy(answerDeadline.answerBeforeTheShutdownDrainEnds());
        context.addRoutes(new RestDoor(answerDeadline, responses, limits, failedAuthentications));
        // the YAML doors under routes/ are loaded by camel-main (camel.main.routes-include-pattern)
        JmsDoorConfiguration.configure(context, settings.requestMaxBytes());
        FileDoors.bind(context, dataSource, json, settings.requestMaxBytes()); // beans of the YAML file-drop and SFTP doors
        context.addRoutes(new Housekeeping(idempotencyKeys));
        context.addRoutes(new RetryWorker(new RetryQueue(Duration.ofSeconds(settings.deliveryStaleAfterSeconds())),
                settings.deliveryPollMs()));

        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi(dataSource, json, accessTokens, settings.adminToken()));
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
        if (settings.sandbox()) {
            DemoSeeder.seedIfEmpty(dataSource, accessTokens);
        }
    }

    /** Starts the built-in Cloud API stand-in and its listing route; returns the address to deliver to. */
    private static String startSandbox(CamelContext context, ObjectMapper json) throws Exception {
        SandboxInbox inbox = new SandboxInbox(json);
        SandboxServer server = new SandboxServer(inbox);
        String baseUrl = server.listen();
        context.addService(server);
        context.addRoutes(new WhatsAppSandbox(inbox));
        LOG.warn("""

                ****************************************************************************
                 SANDBOX MODE: no hsm.whatsapp.base-url is set, so notifications go to the
                 built-in WhatsApp sandbox ({}), not to WhatsApp.
                 List what it received: GET /sandbox/whatsapp/messages on the gateway's port
                ****************************************************************************""", baseUrl);
        return baseUrl;
    }

    /** Runs pipelines for callers who wait (the REST door) on threads of their own, so their wait can be cut short. */
    private static ProducerTemplate pipelineCaller(CamelContext context, GatewaySettings settings) {
        ProducerTemplate producer = context.createProducerTemplate();
        producer.setExecutorService(context.getExecutorServiceManager()
                .newFixedThreadPool(producer, "pipeline", settings.httpWorkerThreads()));
        return producer;
    }

    /** Probes run here, never on a caller's thread; when all are busy the next probe is refused at once, not queued. */
    private static ExecutorService mediaProbeThreads(CamelContext context, GatewaySettings settings) {
        ThreadPoolProfile profile = new ThreadPoolProfile(MEDIA_PROBE_THREADS);
        profile.setPoolSize(settings.mediaProbeThreads());
        profile.setMaxPoolSize(settings.mediaProbeThreads());
        profile.setMaxQueueSize(0);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return context.getExecutorServiceManager().newThreadPool(context, MEDIA_PROBE_THREADS, profile);
    }

    private static String mediaProbeEndpoint(GatewaySettings settings) {
        return "http://media-probe?httpMethod=HEAD&throwExceptionOnFailure=false&followRedirects=true"
                + "&skipRequestHeaders=true&userAgent=hsm-gateway-media-probe"
                + "&clientConnectionManager=#" + MEDIA_CONNECTION_MANAGER
                + "&httpClientConfigurer=#" + MEDIA_PROBE_DEADLINE
                + "&connectionRequestTimeout=" + settings.mediaProbeTimeoutMs()
                + "&responseTimeout=" + settings.mediaProbeTimeoutMs();
    }
}
