package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for the WhatsApp Cloud API's messages endpoint: answers as the real one does (a wamid, or an
 * OAuth error without a bearer token) and keeps the last {@value #CAPACITY} messages so they can be listed.
 */
public class SandboxInbox {

    static final int CAPACITY = 1000;

    private final ObjectMapper json;
    private final Deque<JsonNode> received = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();

    public SandboxInbox(ObjectMapper json) {
        this.json = json;
    }

    public void receive(Exchange exchange) throws Exception {
        Message in = exchange.getMessage();
        String authorization = in.getHeader("Authorization", String.class);
        String phoneNumberId = in.getHeader("phoneNumberId", String.class);
        JsonNode body = json.readTree(in.getBody(String.class));
        in.getHeaders().clear();
        in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            in.setHeader(Exchange.HTTP_RESPONSE_CODE, 401);
            in.setBody("{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
            return;
        }
        String wamid = "wamid.SANDBOX" + UUID.randomUUID().toString().replace("-", "");
        ObjectNode entry = json.createObjectNode();
        entry.put("id", wamid);
        entry.put("phoneNumberId", phoneNumberId);
        entry.put("receivedAt", Instant.now().toString());
        entry.set("message", body);
        synchronized (received) {
            if (received.size() == CAPACITY) {
                received.removeFirst();
            }
            received.addLast(entry);
        }
        total.incrementAndGet();
        String to = body.path("to").asText();
        ObjectNode reply = json.createObjectNode();
        reply.put("messaging_product", "whatsapp");
        reply.putArray("contacts").addObject().put("input", to).put("wa_id", to);
        reply.putArray("messages").addObject().put("id", wamid);
        in.setBody(json.writeValueAsString(reply));
    }

    public void list(Exchange exchange) throws Exception {
        ObjectNode answer = json.createObjectNode();
        answer.put("total", total.get());
        ArrayNode messages = answer.putArray("messages");
        synchronized (received) {
            received.forEach(messages::add);
        }
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(answer));
    }
}
