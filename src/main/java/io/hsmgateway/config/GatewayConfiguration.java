package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.admin.AdminApi;
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
import io.hsmgateway.pipeline.Housekeeping;
import io.hsmgateway.pipeline.IdempotencyKeys;
import io.hsmgateway.pipeline.NotificationPipeline;
import io.hsmgateway.pipeline.NotificationRequestReader;
import io.hsmgateway.pipeline.TemplateMatcher;
import io.hsmgateway.pipeline.media.MediaProbe;
import io.hsmgateway.pipeline.media.MediaRules;
import io.hsmgateway.pipeline.media.PublicAddressDnsResolver;
import io.hsmgateway.pipeline.outcome.FailureClassifier;
import io.hsmgateway.pipeline.outcome.NotificationRecords;
import io.hsmgateway.pipeline.outcome.ResponseWriter;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.pipeline.whatsapp.TemplateMessages;
import io.hsmgateway.sandbox.DemoSeeder;
import io.hsmgateway.sandbox.SandboxInbox;
import io.hsmgateway.sandbox.SandboxServer;
import io.hsmgateway.sandbox.WhatsAppSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/** Wires the gateway: settings, database, the pipeline's beans, and the routes that use them. */
public class GatewayConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    public static final String DATA_SOURCE = "dataSource";
    public static final String MEDIA_CONNECTION_MANAGER = "mediaConnectionManager";

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

        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent http = context.getComponent(scheme, HttpComponent.class);
            // retries are the RetryPolicy's alone: HttpClient's own would resend 503/429 answers unseen
            http.setAutomaticRetriesDisabled(true);
            http.setCookieManagementDisabled(true);
        }

        PoolingHttpClientConnectionManager mediaConnections = mediaConnectionManager(settings);
        context.getRegistry().bind(MEDIA_CONNECTION_MANAGER, mediaConnections);
        MediaProbe mediaProbe = new MediaProbe(context.createProducerTemplate(), mediaProbeEndpoint(settings),
                new MediaRules(settings), Duration.ofSeconds(settings.mediaProbeCacheSeconds()));

        HttpPorts.configure(context, settings);
        PayloadTooLargeAnswer.install(context, json);

        String cloudApiBaseUrl = settings.sandbox() ? startSandbox(context, json) : settings.whatsappBaseUrl();

        ResponseWriter responses = new ResponseWriter(json);
        IdempotencyKeys idempotencyKeys = new IdempotencyKeys(dataSource,
                Duration.ofSeconds(settings.deliveryStaleAfterSeconds()));
        ThroughputLimits limits = new ThroughputLimits(settings.throttlePerNumber(), settings.restRateLimitPerKey(),
                Duration.ofSeconds(settings.throttleSlowDownSeconds()), settings.retryPolicy().pairBackoff());
        context.addRoutes(new ErrorHandling(new FailureClassifier(settings.retryPolicy(), limits), responses));
        context.addRoutes(new NotificationPipeline(settings, json, cloudApiBaseUrl,
                new ApiKeyAuthenticator(),
                idempotencyKeys,
                limits,
                settings.inlineRetries(),
                new NotificationRequestReader(json),
                new TemplateMatcher(json),
                mediaProbe,
                new TemplateMessages(),
                new CloudApiReplies(json, settings.whatsappApiVersion()),
                new NotificationRecords(),
                responses));
        context.addRoutes(new RestDoor(new AnswerDeadline(pipelineCaller(context, settings),
                settings.restAnswerWithinMs(), responses), responses, limits));
        // the YAML doors under routes/ are loaded by camel-main (camel.main.routes-include-pattern)
        JmsDoorConfiguration.configure(context);
        FileDoors.bind(context, dataSource, json); // beans of the YAML file-drop and SFTP doors
        context.addRoutes(new Housekeeping(idempotencyKeys));
        context.addRoutes(new RetryWorker(new RetryQueue(Duration.ofSeconds(settings.deliveryStaleAfterSeconds())),
                settings.deliveryPollMs()));

        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi(settings, json));
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
        if (settings.sandbox()) {
            DemoSeeder.seedIfEmpty(dataSource);
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

    /** Media hosts are resolved by a resolver that refuses non-public addresses, on every redirect hop. */
    private static PoolingHttpClientConnectionManager mediaConnectionManager(GatewaySettings settings) {
        Timeout timeout = Timeout.ofMilliseconds(settings.mediaProbeTimeoutMs());
        return PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(settings.allowPrivateMediaHosts()
                        ? SystemDefaultDnsResolver.INSTANCE : new PublicAddressDnsResolver())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout)
                        .setSocketTimeout(timeout)
                        .build())
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .build();
    }

    private static String mediaProbeEndpoint(GatewaySettings settings) {
        return "http://media-probe?httpMethod=HEAD&throwExceptionOnFailure=false&followRedirects=true"
                + "&skipRequestHeaders=true&userAgent=hsm-gateway-media-probe"
                + "&clientConnectionManager=#" + MEDIA_CONNECTION_MANAGER
                + "&connectionRequestTimeout=" + settings.mediaProbeTimeoutMs()
                + "&responseTimeout=" + settings.mediaProbeTimeoutMs();
    }
}
