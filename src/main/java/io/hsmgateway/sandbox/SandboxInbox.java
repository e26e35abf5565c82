package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the sandbox does with a message: answers as the Cloud API does (a wamid, or an OAuth error without a
 * bearer token) and keeps the last {@value #CAPACITY} messages so they can be listed.
 */
public class SandboxInbox {

    static final int CAPACITY = 1000;

    /**
     * An HTTP answer: status and JSON body; for a message taken, its id (wamid), recipient and the
     * biz_opaque_callback_data it was sent with (handed back in its statuses, as WhatsApp does).
     */
    public record Reply(int status, String body, String wamid, String recipient, String callbackData) {
        public Reply(int status, String body) {
            this(status, body, null, null, null);
        }
    }

    private final ObjectMapper json;
    private final Deque<JsonNode> received = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();

    public SandboxInbox(ObjectMapper json) {
        this.json = json;
    }

    public Reply receive(String phoneNumberId, String authorization, String body) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return new Reply(401, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
        }
        JsonNode message = json.readTree(body);
        String wamid = "wamid.SANDBOX" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode entry = json.createObjectNode();
        entry.put("id", wamid);
        entry.put("phoneNumberId", phoneNumberId);
        entry.put("receivedAt", Instant.now().toString());
        entry.set("message", message);
        synchronized (received) {
            if (received.size() == CAPACITY) {
                received.removeFirst();
            }
            received.addLast(entry);
        }
        total.incrementAndGet();
        String to = message.path("to").asText();
        ObjectNode reply = json.createObjectNode();
        reply.put("messaging_product", "whatsapp");
        reply.putArray("contacts").addObject().put("input", to).put("wa_id", to);
        reply.putArray("messages").addObject().put("id", wamid);
        return new Reply(200, json.writeValueAsString(reply), wamid, to, message.path("biz_opaque_callback_data").asText(null));
    }

    /** {@code {"total": <messages ever received>, "messages": [the last ones, oldest first]}} */
    public String list() throws IOException {
        ObjectNode answer = json.createObjectNode();
        answer.put("total", total.get());
        ArrayNode messages = answer.putArray("messages");
        synchronized (received) {
            received.forEach(messages::add);
        }
        return json.writeValueAsString(answer);
    }
}
