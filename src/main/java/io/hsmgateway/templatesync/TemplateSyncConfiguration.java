package io.hsmgateway.templatesync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.config.SettingsReader;
import io.hsmgateway.pipeline.WebsiteLookups;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

import javax.sql.DataSource;

/**
 * Templates from the websites' WhatsApp Business Accounts: the sync's beans and routes. Setting:
 * {@value #INTERVAL}, how often every website with a businessAccountId is synced (0: never on its own; the admin API's
 * sync and a 132001 still sync).
 */
public class TemplateSyncConfiguration implements CamelConfiguration {

    public static final String INTERVAL = "hsm.templates.sync-interval-ms";

    @BindToRegistry(TemplateSyncStore.BEAN_NAME)
    public TemplateSyncStore templateSyncStore(@BeanInject DataSource dataSource, @BeanInject WebsiteLookups lookups) {
        return new TemplateSyncStore(dataSource, lookups);
    }

    @BindToRegistry(GraphApiListing.BEAN_NAME)
    public GraphApiListing graphApiListing(@BeanInject GatewaySettings settings, @BeanInject ObjectMapper json,
                                           @BeanInject AccessTokenCipher accessTokens) {
        return new GraphApiListing(json, settings.whatsappApiVersion(), accessTokens);
    }

    @BindToRegistry(ListingSizeCap.NAME)
    public ListingSizeCap listingSizeCap() {
        return new ListingSizeCap(ListingSizeCap.MAX_PAGE_BYTES);
    }

    @BindToRegistry(TemplateSync.BEAN_NAME)
    public TemplateSync templateSync(CamelContext context) {
        return new TemplateSync(context.createProducerTemplate(),
                context.getExecutorServiceManager().newSingleThreadExecutor(this, "template-sync"));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        long intervalMs = new SettingsReader(context.getPropertiesComponent()).wholeNumber(INTERVAL);
        context.addRoutes(new TemplateSyncRoutes(intervalMs > 0));
    }
}
