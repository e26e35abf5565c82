package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hsmgateway.webhooks.WebhookSignature;
import io.hsmgateway.webhooks.WhatsAppWebhook;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What WhatsApp does after it takes a message, played by the sandbox: it reports the message {@code sent}, then
 * {@code delivered}, then {@code read}, each a second apart (with the message's biz_opaque_callback_data), as status webhooks to the gateway's own
 * {@code POST /webhooks/whatsapp}, in Meta's shape and signed with the app secret (made up at start-up when none is
 * configured). A newcomer sees a notification move to DELIVERED and READ on its status endpoint, through the same
 * path as production. A webhook that does not arrive is logged at DEBUG and not tried again: nothing depends on it.
 */
public class SandboxStatuses {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxStatuses.class);
    private static final String[] STATUSES = {"sent", "delivered", "read"};
    private static final long STEP_MS = 1000;
    private static final int TIMEOUT_MS = 5000;

    private final ObjectMapper json;
    private final int gatewayPort;
    private final Supplier<String> appSecret;
    private final boolean enabled;
    private Vertx vertx;
    private HttpClient client;

    /** @param appSecret the secret the gateway checks signatures with, read when a webhook is signed */
    public SandboxStatuses(ObjectMapper json, int gatewayPort, Supplier<String> appSecret, boolean enabled) {
        this.enabled = enabled;
        this.json = json;
        this.gatewayPort = gatewayPort;
        this.appSecret = appSecret;
    }

    /** On the sandbox server's own Vert.x: its event loop sends the webhooks, never the gateway's threads. */
    void start(Vertx sandboxVertx) {
        vertx = sandboxVertx;
        client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS).setIdleTimeout(TIMEOUT_MS / 1000));
    }

    /** The message the sandbox just took: its statuses follow, one a second (unless hsm.sandbox.statuses=false). */
    void accepted(String wamid, String recipient, String callbackData) {
        if (!enabled) {
            return;   // the operator plays WhatsApp's webhooks by hand (README: Delivery status)
        }
        for (int i = 0; i < STATUSES.length; i++) {
            String status = STATUSES[i];
            vertx.setTimer(STEP_MS * (i + 1), timer -> send(webhook(wamid, status, recipient, callbackData)));
        }
    }

    private void send(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String signature = WebhookSignature.sign(appSecret.get().getBytes(StandardCharsets.UTF_8), bytes);
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(gatewayPort)
                .setURI(WhatsAppWebhook.PATH).setTimeout(TIMEOUT_MS)
                .putHeader("Content-Type", "application/json").putHeader(WebhookSignature.HEADER, signature);
        client.request(request)
                .compose(post -> post.send(Buffer.buffer(bytes)))
                .compose(HttpClientResponse::body)
                .onFailure(failed -> LOG.debug("Sandbox status webhook not delivered: {}", failed.getMessage()));
    }

    /** One status in Meta's batched shape. */
    private String webhook(String wamid, String status, String recipient, String callbackData) {
        ObjectNode webhook = json.createObjectNode();
        webhook.put("object", "whatsapp_business_account");
        ObjectNode value = webhook.putArray("entry").addObject().put("id", "sandbox")
                .putArray("changes").addObject().put("field", "messages").putObject("value");
        value.put("messaging_product", "whatsapp");
        ObjectNode entry = value.putArray("statuses").addObject()
                .put("id", wamid)
                .put("status", status)
                .put("timestamp", String.valueOf(Instant.now().getEpochSecond()))
                .put("recipient_id", recipient);
        if (callbackData != null) {
            entry.put("biz_opaque_callback_data", callbackData);
        }
        return webhook.toString();
    }
}
