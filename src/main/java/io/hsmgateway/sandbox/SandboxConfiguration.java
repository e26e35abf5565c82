package io.hsmgateway.sandbox;

import io.hsmgateway.config.SettingsReader;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.secrets.AccessTokenCipher;
import io.hsmgateway.webhooks.WebhookSettings;
import io.hsmgateway.webhooks.WebhooksConfiguration;
import org.apache.camel.BeanInject;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

/**
 * Sandbox mode (no hsm.whatsapp.base-url): a built-in Cloud API stand-in receives what the pipeline delivers,
 * its listing is served on the gateway's port, and an empty database gets a demo website, template and key.
 */
public class SandboxConfiguration implements CamelConfiguration {

    public static final String CLOUD_API_URL = "hsm.whatsapp.base-url";
    /** false: the sandbox reports no statuses, so WhatsApp's webhooks can be played by hand (README). */
    static final String STATUSES = "hsm.sandbox.statuses";

    private static final Logger LOG = LoggerFactory.getLogger(SandboxConfiguration.class);

    @BeanInject
    private GatewaySettings settings;
    @BeanInject
    private ObjectMapper json;
    @BeanInject
    private DataSource dataSource;
    @BeanInject
    private AccessTokenCipher accessTokens;

    @Override
    public void configure(CamelContext context) throws Exception {
        if (!settings.sandbox()) {
            return;
        }
        SandboxInbox inbox = new SandboxInbox(json);
        SandboxStatuses statuses = new SandboxStatuses(json, settings.httpPort(), () -> context.getRegistry()
                .lookupByNameAndType(WebhooksConfiguration.SETTINGS, WebhookSettings.class).appSecret(),
                new SettingsReader(context.getPropertiesComponent()).flag(STATUSES));
        SandboxServer server = new SandboxServer(inbox, statuses, new SandboxTemplates(json));
        String baseUrl = server.listen();
        context.addService(server);
        // the pipeline delivers to {{hsm.whatsapp.base-url}}: here, the sandbox
        context.getPropertiesComponent().addOverrideProperty(CLOUD_API_URL, baseUrl);
        context.addRoutes(new WhatsAppSandbox(inbox));
        LOG.warn("""

                ****************************************************************************
                 SANDBOX MODE: no hsm.whatsapp.base-url is set, so notifications go to the
                 built-in WhatsApp sandbox ({}), not to WhatsApp.
                 List what it received: GET /sandbox/whatsapp/messages on the gateway's port
                 It reports each message sent, delivered and read (status webhooks), as WhatsApp does
                ****************************************************************************""", baseUrl);
        String demoKey = DemoSeeder.seedIfEmpty(dataSource, accessTokens);
        if (demoKey != null) {
            // printed once every route answers: a newcomer pastes the key into the README's curl at once
            context.addStartupListener(new StartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // not yet: routes may still be starting
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) {
                    DemoSeeder.announce(demoKey);
                }
            });
        }
    }
}
