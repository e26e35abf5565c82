package io.hsmgateway.templatesync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.http.AnswerBodyCap;
import io.hsmgateway.pipeline.whatsapp.CloudApiReplies;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Graph API side of a sync: {@code GET /{version}/{waba-id}/message_templates}, page by page (Meta's cursor
 * paging: {@code paging.cursors.after} while {@code paging.next} is there), and what each page holds. At most
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE}: a longer listing fails rather than being cut short.
 */
public class GraphApiListing {

    public static final String BEAN_NAME = "graphApiListing";

    static final String FIELDS = "id,name,language,status,category,parameter_format,components";
    static final int PAGE_SIZE = 100;
    static final int MAX_PAGES = 100;

    private static final Logger LOG = LoggerFactory.getLogger(GraphApiListing.class);

    private final ObjectMapper json;
    private final String apiVersion;
    private final AccessTokenCipher accessTokens;

    public GraphApiListing(ObjectMapper json, String apiVersion, AccessTokenCipher accessTokens) {
        this.json = json;
        this.apiVersion = apiVersion;
        this.accessTokens = accessTokens;
    }

    public TemplateListing start() {
        return new TemplateListing();
    }

    public boolean morePages(@ExchangeProperty(Hsm.TEMPLATE_LISTING) TemplateListing listing) {
        return listing.morePages();
    }

    public String path(@ExchangeProperty(Hsm.SYNC_ACCOUNT) SyncAccount account) {
        return "/" + apiVersion + "/" + account.businessAccountId() + "/message_templates";
    }

    public String query(@ExchangeProperty(Hsm.TEMPLATE_LISTING) TemplateListing listing) {
        String query = "fields=" + FIELDS + "&limit=" + PAGE_SIZE;
        return listing.after() == null ? query : query + "&after=" + URLEncoder.encode(listing.after(), StandardCharsets.UTF_8);
    }

    /** The website's token, decrypted for the call only: the route removes the header after it. */
    public String authorization(@ExchangeProperty(Hsm.SYNC_ACCOUNT) SyncAccount account) {
        return "Bearer " + accessTokens.decrypt(account.websiteId(), account.storedAccessToken());
    }

    /** The call itself failed (no answer in time, refused, a page over the size cap). */
    public void unanswered(@ExchangeProperty(Hsm.SYNC_ACCOUNT) SyncAccount account, Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        AnswerBodyCap.AnswerTooLarge tooLarge = ObjectHelper.getException(AnswerBodyCap.AnswerTooLarge.class, failure);
        String message = tooLarge != null ? tooLarge.getMessage() : CloudApiReplies.callFailed(failure).providerMessage();
        throw refused(account, new GraphApiRefusal(null, message, null));
    }

    /** One page: its templates are added to the listing, or the Graph API's error answer is a {@link GraphApiRefusal}. */
    public void read(@ExchangeProperty(Hsm.SYNC_ACCOUNT) SyncAccount account,
                     @ExchangeProperty(Hsm.TEMPLATE_LISTING) TemplateListing listing, Exchange exchange) throws Exception {
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode page = parse(exchange.getMessage().getBody(String.class));
        if (status < 200 || status >= 300) {
            JsonNode error = page == null ? null : page.path("error");
            Integer code = error != null && error.path("code").isNumber() ? error.path("code").asInt() : null;
            String message = error != null && error.path("message").isTextual() ? error.path("message").asText() : "HTTP " + status;
            throw refused(account, new GraphApiRefusal(code, message, status));
        }
        if (page == null || !page.path("data").isArray()) {
            throw refused(account, new GraphApiRefusal(null, "a listing page without data", status));
        }
        List<AccountTemplate> templates = new ArrayList<>();
        for (JsonNode entry : page.path("data")) {
            AccountTemplate template = AccountTemplate.of(entry, json);
            if (template == null) {
                throw refused(account, new GraphApiRefusal(null, "a listed template without id, name or language", status));
            }
            templates.add(template);
        }
        // Meta's last page has cursors but no next
        JsonNode paging = page.path("paging");
        String after = null;
        if (paging.hasNonNull("next")) {
            after = paging.path("cursors").path("after").asText(null);
            if (after == null || after.isEmpty()) {
                throw refused(account, new GraphApiRefusal(null, "a next page without an after cursor", status));
            }
            if (listing.pages() + 1 >= MAX_PAGES) {
                throw refused(account, new GraphApiRefusal(null, "a listing of more than " + MAX_PAGES + " pages", status));
            }
        }
        listing.add(templates, after);
    }

    private static GraphApiRefusal refused(SyncAccount account, GraphApiRefusal refusal) {
        LOG.warn("Templates of website {} (WhatsApp Business Account {}) not synced: {}", account.websiteId(),
                account.businessAccountId(), refusal.detail());
        return refusal;
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
