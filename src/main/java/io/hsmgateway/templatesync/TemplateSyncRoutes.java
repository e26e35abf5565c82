package io.hsmgateway.templatesync;

import io.hsmgateway.Hsm;
import io.hsmgateway.pipeline.NotificationPipeline;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.http.HttpMethods;

import java.io.IOException;

/**
 * Reads a website's templates from its WhatsApp Business Account and stores them: {@value #SYNC} (entry: property
 * {@link Hsm#WEBSITE_ID}; exit: the {@link SyncReport} as body), called by the admin API and by {@link TemplateSync};
 * the pipeline's word that WhatsApp no longer has a template ({@link NotificationPipeline#TEMPLATE_GONE}); and the
 * schedule ({@code hsm.templates.sync-interval-ms}), which asks for a sync of every website with an account,
 * first shortly after start-up.
 */
public class TemplateSyncRoutes extends RouteBuilder {

    public static final String SYNC = "direct:template-sync";
    public static final String SYNC_ROUTE_ID = "template-sync";
    public static final String SCHEDULE_ROUTE_ID = "template-sync-schedule";
    public static final String TEMPLATE_GONE_ROUTE_ID = "template-sync-template-gone";
    /** The first scheduled sync, after start-up: sandbox mode has its listed templates at once. */
    static final long FIRST_SYNC_AFTER_MS = 1000;

    /** The Graph API lives where the Cloud API does (hsm.whatsapp.base-url; in sandbox mode, the sandbox). */
    static final String GRAPH_API = "{{hsm.whatsapp.base-url}}?throwExceptionOnFailure=false"
            + "&connectTimeout={{hsm.whatsapp.connect-timeout-ms}}&connectionRequestTimeout={{hsm.whatsapp.connect-timeout-ms}}"
            + "&responseTimeout={{hsm.whatsapp.response-timeout-ms}}&soTimeout={{hsm.whatsapp.response-timeout-ms}}"
            + "&httpClientConfigurer=#" + ListingSizeCap.NAME;

    private final boolean scheduled;

    /** @param scheduled whether the schedule runs (hsm.templates.sync-interval-ms is not 0) */
    public TemplateSyncRoutes(boolean scheduled) {
        this.scheduled = scheduled;
    }

    @Override
    public void configure() {
        // every page is read before anything is stored: a listing cut short would retire what it did not reach
        from(SYNC).routeId(SYNC_ROUTE_ID)
                .setProperty(Hsm.SYNC_ACCOUNT, method(TemplateSyncStore.BEAN_NAME, "account"))
                .setProperty(Hsm.TEMPLATE_LISTING, method(GraphApiListing.BEAN_NAME, "start"))
                .loopDoWhile(method(GraphApiListing.BEAN_NAME, "morePages"))
                    // nothing of the caller's request (the admin token above all) goes to Meta
                    .removeHeaders("*")
                    .setHeader(Exchange.HTTP_METHOD, constant(HttpMethods.GET))
                    .setHeader(Exchange.HTTP_PATH, method(GraphApiListing.BEAN_NAME, "path"))
                    .setHeader(Exchange.HTTP_QUERY, method(GraphApiListing.BEAN_NAME, "query"))
                    .setHeader("Authorization", method(GraphApiListing.BEAN_NAME, "authorization"))
                    .doTry()
                        .to(GRAPH_API)
                    .doCatch(IOException.class)
                        .removeHeader("Authorization")
                        .bean(GraphApiListing.BEAN_NAME, "unanswered")
                    .end()
                    .removeHeader("Authorization")
                    .bean(GraphApiListing.BEAN_NAME, "read")
                .end()
                .removeHeaders("*")
                .setBody(method(TemplateSyncStore.BEAN_NAME, "apply"));

        // the pipeline was told by WhatsApp that a template is gone: the account changed
        from(NotificationPipeline.TEMPLATE_GONE).routeId(TEMPLATE_GONE_ROUTE_ID)
                .bean(TemplateSync.BEAN_NAME, "templateGone");

        if (scheduled) {
            from("scheduler:" + SCHEDULE_ROUTE_ID + "?delay={{hsm.templates.sync-interval-ms}}&initialDelay=" + FIRST_SYNC_AFTER_MS)
                    .routeId(SCHEDULE_ROUTE_ID)
                    .setBody(method(TemplateSyncStore.BEAN_NAME, "accountWebsites"))
                    .split(body())
                        .bean(TemplateSync.BEAN_NAME, "requestSync");
        }
    }
}
