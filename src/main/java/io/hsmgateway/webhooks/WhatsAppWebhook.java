package io.hsmgateway.webhooks;

import org.apache.camel.builder.RouteBuilder;

/**
 * WhatsApp's webhook on the gateway's HTTP port: {@code GET /webhooks/whatsapp} answers Meta's verification
 * handshake ({@link WebhookHandshake}); {@code POST /webhooks/whatsapp} takes status updates, signed by Meta
 * ({@link WebhookSignature}, checked before the body is parsed), stores them ({@link StatusReceiver}) and answers at
 * once: Meta retries what is not answered 200 quickly, and turns off a slow endpoint. The statuses are applied after
 * the answer ({@link StatusApplier}): those just stored on a thread of their own, and every node's poll takes what
 * is left (a crash, another node, a message id not recorded yet).
 */
public class WhatsAppWebhook extends RouteBuilder {

    public static final String PATH = "/webhooks/whatsapp";

    public static final String VERIFY = "webhook-whatsapp-verify";
    public static final String RECEIVE = "webhook-whatsapp-receive";
    public static final String POLL = "webhook-whatsapp-apply-poll";

    @Override
    public void configure() {
        // the POST is taken ahead of Camel's HTTP routes, its body read up to hsm.whatsapp.webhook.max-bytes rather
        // than the server's limit (BodyLimits, installed by HttpServerConfiguration), and handed to RECEIVE
        rest("/webhooks")
                .get("/whatsapp").to("direct:" + VERIFY);

        from("direct:" + VERIFY).routeId(VERIFY)
                .bean(WebhookHandshake.BEAN_NAME, "answer");

        from("direct:" + RECEIVE).routeId(RECEIVE)
                .bean(WebhookSignature.BEAN_NAME, "check")
                .setBody(method(StatusReceiver.BEAN_NAME, "store"))
                // applied on another thread while this answers; what that misses, the poll applies
                .bean(StatusApplier.BEAN_NAME, "applySoon")
                .bean(WebhookReplies.BEAN_NAME, "received");

        from("scheduler:" + POLL + "?delay={{hsm.whatsapp.webhook.apply-poll-ms}}"
                + "&initialDelay={{hsm.whatsapp.webhook.apply-poll-ms}}").routeId(POLL)
                .bean(StatusApplier.BEAN_NAME, "applyReceived");
    }
}
