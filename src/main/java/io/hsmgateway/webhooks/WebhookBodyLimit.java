package io.hsmgateway.webhooks;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;

/**
 * The webhook's own body limit, {@code hsm.whatsapp.webhook.max-bytes}: Meta batches statuses into one POST, which
 * can be far larger than a notification request (hsm.request.max-bytes, every other path's limit). A POST refused
 * for its size would be retried by Meta, refused again, and its statuses lost. Vert.x reads a request's body once,
 * in the first body handler on its way: this one is put ahead of the routes' own (order -1) for this path only, so
 * the server's limit still holds everywhere else. Past it the answer is the same 413 envelope
 * ({@link io.hsmgateway.api.PayloadTooLargeAnswer}).
 */
final class WebhookBodyLimit {

    private WebhookBodyLimit() {
    }

    static void install(CamelContext context, long maxBytes) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server == null) {
                return;
            }
            server.getRouter().route(HttpMethod.POST, WhatsAppWebhook.PATH).order(-1)
                    .handler(BodyHandler.create(false).setBodyLimit(maxBytes));
        });
    }
}
