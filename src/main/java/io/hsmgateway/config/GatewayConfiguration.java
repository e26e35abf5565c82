package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.hsmgateway.admin.AdminApi;
import io.hsmgateway.doors.RestDoor;
import io.hsmgateway.doors.file.FileDoors;
import io.hsmgateway.pipeline.ApiKeyAuthenticator;
import io.hsmgateway.pipeline.ErrorHandling;
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
import io.hsmgateway.sandbox.WhatsAppSandbox;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelConfiguration;
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
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
            }
        });

        PoolingHttpClientConnectionManager mediaConnections = mediaConnectionManager(settings);
        context.getRegistry().bind(MEDIA_CONNECTION_MANAGER, mediaConnections);
        MediaProbe mediaProbe = new MediaProbe(context.createProducerTemplate(), mediaProbeEndpoint(settings),
                new MediaRules(settings), Duration.ofSeconds(settings.mediaProbeCacheSeconds()));

        ResponseWriter responses = new ResponseWriter(json);
        context.addRoutes(new ErrorHandling(new FailureClassifier(NotificationPipeline.DELIVER), responses));
        context.addRoutes(new NotificationPipeline(settings,
                new ApiKeyAuthenticator(),
                new NotificationRequestReader(json),
                new TemplateMatcher(json),
                mediaProbe,
                new TemplateMessages(),
                new CloudApiReplies(json, settings.whatsappApiVersion()),
                new NotificationRecords(),
                responses));
        context.addRoutes(new RestDoor());
        FileDoors.bind(context, dataSource, json); // beans of the YAML file-drop and SFTP doors

        if (settings.adminEnabled()) {
            context.addRoutes(new AdminApi(settings, json));
        } else {
            LOG.info("Admin API off: set hsm.admin.token to turn it on");
        }
        if (settings.sandbox()) {
            context.addRoutes(new WhatsAppSandbox(new SandboxInbox(json)));
            LOG.warn("""

                    ****************************************************************************
                     SANDBOX MODE: no hsm.whatsapp.base-url is set, so notifications go to the
                     built-in WhatsApp sandbox ({}), not to WhatsApp.
                     List what it received: GET http://localhost:{}{}/messages
                    ****************************************************************************""",
                    settings.deliveryBaseUrl(), settings.httpPort(), GatewaySettings.SANDBOX_PATH);
            DemoSeeder.seedIfEmpty(dataSource);
        }
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
