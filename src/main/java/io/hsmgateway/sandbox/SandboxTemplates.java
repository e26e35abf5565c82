package io.hsmgateway.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The sandbox's WhatsApp Business Account: {@code GET /{version}/{wabaId}/message_templates} answers a fixed listing
 * ({@value #LISTING}) in Meta's shape, in two pages whatever the {@code limit} (Meta's cursor paging: {@code cursors},
 * and {@code next} on every page but the last), so a sync in sandbox mode reads pages as it does against Meta.
 */
public class SandboxTemplates {

    static final String LISTING = "/sandbox/message_templates.json";
    private static final String CURSOR_PREFIX = "offset:";

    private final ObjectMapper json;
    private final ArrayNode templates;

    public SandboxTemplates(ObjectMapper json) {
        this.json = json;
        try (InputStream in = SandboxTemplates.class.getResourceAsStream(LISTING)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + LISTING);
            }
            this.templates = (ArrayNode) json.readTree(in).path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param pageUrl the request's URL without its query: where the next page is
     * @param limit   Meta's {@code limit} (null: Meta's default of 25)
     * @param after   the cursor of the page before (null: the first page)
     */
    public SandboxInbox.Reply page(String authorization, String pageUrl, String limit, String after) throws IOException {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return new SandboxInbox.Reply(401, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"type\":\"OAuthException\",\"code\":190}}");
        }
        int offset;
        int pageSize;
        try {
            offset = after == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(after),
                    StandardCharsets.UTF_8).substring(CURSOR_PREFIX.length()));
            int requested = limit == null ? 25 : Integer.parseInt(limit);
            if (requested < 1 || offset < 0) {
                throw new IllegalArgumentException();
            }
            // two pages whatever was asked for: paging is exercised offline
            pageSize = Math.min(requested, (templates.size() + 1) / 2);
        } catch (RuntimeException e) {
            return new SandboxInbox.Reply(400, "{\"error\":{\"message\":\"(#100) Invalid parameter\",\"type\":\"OAuthException\",\"code\":100}}");
        }
        int end = Math.min(templates.size(), offset + pageSize);
        ObjectNode answer = json.createObjectNode();
        ArrayNode data = answer.putArray("data");
        for (int i = offset; i < end; i++) {
            data.add(templates.get(i));
        }
        ObjectNode paging = answer.putObject("paging");
        ObjectNode cursors = paging.putObject("cursors");
        cursors.put("before", cursor(offset));
        cursors.put("after", cursor(end));
        if (end < templates.size()) {
            paging.put("next", pageUrl + "?limit=" + pageSize + "&after=" + cursor(end));
        }
        return new SandboxInbox.Reply(200, json.writeValueAsString(answer));
    }

    private static String cursor(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((CURSOR_PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }
}
