package io.hsmgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.BodyLimits;
import io.hsmgateway.api.CredentialsInQueryRefusal;
import io.hsmgateway.api.PayloadTooLargeAnswer;
import io.hsmgateway.http.PathsAndMethods;
import io.hsmgateway.webhooks.WhatsAppWebhook;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * The HTTP server every HTTP door, the admin API and the sandbox listing answer on: its ports (checked free at
 * start-up), its body limit answered in the API's envelope, no credentials taken from a query string, and an unknown
 * path or a method a path does not take answered in the envelope too ({@link PathsAndMethods}).
 */
public class HttpServerConfiguration implements CamelConfiguration {

    /** The webhook's own body limit (every other path: hsm.request.max-bytes, camel.server.max-body-size). */
    public static final String WEBHOOK_MAX_BYTES = "hsm.whatsapp.webhook.max-bytes";
    /** 64 MiB: held in memory while its signature is checked, so bounded. */
    static final long WEBHOOK_MAX_BYTES_CEILING = 64L * 1024 * 1024;

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;

    @Override
    public void configure(CamelContext context) throws Exception {
        HttpPorts.configure(context, settings);
        // the webhook takes Meta's largest batches; every other path hsm.request.max-bytes
        long webhookMaxBytes = new SettingsReader(context.getPropertiesComponent()).bytes(WEBHOOK_MAX_BYTES);
        if (webhookMaxBytes < settings.requestMaxBytes() || webhookMaxBytes > WEBHOOK_MAX_BYTES_CEILING) {
            throw new StartupFailure(WEBHOOK_MAX_BYTES + "=" + webhookMaxBytes + ": expected from hsm.request.max-bytes ("
                    + settings.requestMaxBytes() + ") to 64 MiB");
        }
        BodyLimits.install(context, WhatsAppWebhook.PATH, webhookMaxBytes, "direct:" + WhatsAppWebhook.RECEIVE);
        PayloadTooLargeAnswer.install(context, json);
        CredentialsInQueryRefusal.install(context, json);
        PathsAndMethods.install(context);
    }
}
