package io.hsmgateway.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.observe.GatewayMeters;
import io.hsmgateway.storage.GroupCommit;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.ThreadPoolProfileBuilder;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;

/** WhatsApp's status webhook (handshake, signed POSTs), the statuses' applier and its poll, on every node. */
public class WebhooksConfiguration implements CamelConfiguration {

    public static final String SETTINGS = "whatsappWebhookSettings";

    private static final Logger LOG = LoggerFactory.getLogger(WebhooksConfiguration.class);
    private static final int APPLY_THREADS = 2;
    private static final int APPLY_QUEUE = 1000;

    @BindToRegistry(SETTINGS)
    public WebhookSettings webhookSettings(@BeanInject GatewaySettings gateway, CamelContext context) {
        WebhookSettings settings = WebhookSettings.load(context.getPropertiesComponent());
        if (settings.appSecret().isEmpty() && gateway.sandbox()) {
            // the sandbox sends the status webhooks WhatsApp would (sandbox/SandboxStatuses), signed with this
            LOG.info("Sandbox mode: WhatsApp status webhooks are signed with an app secret made up at start-up");
            return settings.withAppSecret(newSecret());
        }
        return settings;
    }

    private static String newSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    @BindToRegistry(WebhookHandshake.BEAN_NAME)
    public WebhookHandshake handshake(@BeanInject WebhookSettings settings) {
        return new WebhookHandshake(settings.verifyToken());
    }

    @BindToRegistry(WebhookSignature.BEAN_NAME)
    public WebhookSignature signature(@BeanInject WebhookSettings settings) {
        return new WebhookSignature(settings.appSecret());
    }

    @BindToRegistry(StatusCounts.BEAN_NAME)
    public StatusCounts statusCounts(@BeanInject GatewayMeters meters) {
        return new StatusCounts(meters);
    }

    @BindToRegistry(StatusReceiver.BEAN_NAME)
    public StatusReceiver statusReceiver(@BeanInject ObjectMapper json, @BeanInject GroupCommit commits,
                                         @BeanInject StatusCounts counts) {
        return new StatusReceiver(json, commits, counts);
    }

    @BindToRegistry(StatusApplier.BEAN_NAME)
    public StatusApplier statusApplier(@BeanInject DataSource dataSource, @BeanInject ObjectMapper json,
                                       @BeanInject StatusCounts counts, @BeanInject GatewayMeters meters,
                                       @BeanInject WebhookSettings settings, CamelContext context) {
        // two threads, a bounded queue; what it cannot take is refused: stored, it is the poll's to apply
        ThreadPoolProfile profile = new ThreadPoolProfileBuilder("whatsappStatuses").poolSize(APPLY_THREADS)
                .maxPoolSize(APPLY_THREADS).maxQueueSize(APPLY_QUEUE).rejectedPolicy(ThreadPoolRejectedPolicy.Abort)
                .build();
        ExecutorService soon = context.getExecutorServiceManager().newThreadPool(this, "WhatsAppStatuses", profile);
        return new StatusApplier(dataSource, json, counts, meters, settings.unmatchedAfter(), soon);
    }

    @BindToRegistry(WebhookReplies.BEAN_NAME)
    public WebhookReplies webhookReplies(@BeanInject ObjectMapper json) {
        return new WebhookReplies(json);
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        WebhookSettings settings = context.getRegistry().lookupByNameAndType(SETTINGS, WebhookSettings.class);
        if (settings.appSecret().isEmpty()) {
            LOG.warn("hsm.whatsapp.app-secret is not set: every WhatsApp status webhook is refused (401) and "
                    + "notifications stay SENT. Set it to the Meta app's secret");
        }
        context.addRoutes(new WhatsAppWebhook());
    }
}
