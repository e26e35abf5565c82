package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.Hsm;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.builder.RouteBuilder;

import javax.sql.DataSource;

/**
 * The admin API for websites, their API keys and templates, notification status and dead letters, behind the
 * bearer token {@code hsm.admin.token} ({@link AdminToken}, checked once ahead of every operation). Only mounted
 * when a token is configured. In the REST DSL, one route per operation, named by its route id; the work is done by
 * {@link AdminStore} and {@link DeadLetters}, the answer written by {@link AdminReplies}. Errors (a wrong token, an
 * unknown id, an invalid body or query) use the notifications API's envelope, through the one error handler.
 * A method a path does not offer is answered 405 by the HTTP server, before the token is looked at.
 */
public class AdminApi extends RouteBuilder {

    static final String WEBSITE_SCHEMA = "json-validator:schemas/admin-website.schema.json";
    static final String TEMPLATE_SCHEMA = "json-validator:schemas/admin-template.schema.json";

    // path parameters
    static final String WEBSITE_ID = "websiteId";
    static final String KEY_ID = "keyId";
    static final String TEMPLATE_ID = "templateId";
    static final String DEAD_LETTER_ID = "deadLetterId";
    static final String NOTIFICATION_ID = "notificationId";
    // query parameters (and websiteId)
    static final String STATUS = "status";
    static final String CHANNEL = "channel";
    static final String SINCE = "since";
    static final String LIMIT = "limit";
    static final String OFFSET = "offset";

    // operations: each one's route id and direct endpoint
    public static final String WEBSITES_LIST = "admin-websites-list";
    public static final String WEBSITE_GET = "admin-website-get";
    public static final String WEBSITE_PUT = "admin-website-put";
    public static final String WEBSITE_DELETE = "admin-website-delete";
    public static final String API_KEYS_LIST = "admin-apikeys-list";
    public static final String API_KEY_CREATE = "admin-apikey-create";
    public static final String API_KEY_DELETE = "admin-apikey-delete";
    public static final String TEMPLATES_LIST = "admin-templates-list";
    public static final String TEMPLATE_GET = "admin-template-get";
    public static final String TEMPLATE_PUT = "admin-template-put";
    public static final String TEMPLATE_DELETE = "admin-template-delete";
    public static final String DEAD_LETTERS_LIST = "admin-dead-letters-list";
    public static final String DEAD_LETTERS_REPLAY = "admin-dead-letters-replay";
    public static final String DEAD_LETTER_GET = "admin-dead-letter-get";
    public static final String DEAD_LETTER_DELETE = "admin-dead-letter-delete";
    public static final String DEAD_LETTER_REPLAY = "admin-dead-letter-replay";
    public static final String NOTIFICATIONS_LIST = "admin-notifications-list";
    public static final String NOTIFICATIONS_RETRY_NOW = "admin-notifications-retry-now";
    public static final String NOTIFICATION_GET = "admin-notification-get";

    private final DataSource dataSource;
    private final AdminToken token;
    private final AdminStore store;
    private final AdminReplies replies;

    public AdminApi(DataSource dataSource, ObjectMapper json, AccessTokenCipher accessTokens, String adminToken) {
        this.dataSource = dataSource;
        this.token = new AdminToken(adminToken);
        this.store = new AdminStore(dataSource, json, accessTokens);
        this.replies = new AdminReplies(json);
    }

    @Override
    public void configure() {
        DeadLetters deadLetters = new DeadLetters(dataSource, getContext().createProducerTemplate());

        // ahead of every operation: interceptors of a RouteBuilder apply to its own routes only
        interceptFrom().bean(token, "check");

        rest("/admin")
                .get("/websites").to(direct(WEBSITES_LIST))
                .get("/websites/{websiteId}").to(direct(WEBSITE_GET))
                .put("/websites/{websiteId}").to(direct(WEBSITE_PUT))
                .delete("/websites/{websiteId}").to(direct(WEBSITE_DELETE))
                .get("/websites/{websiteId}/apikeys").to(direct(API_KEYS_LIST))
                .post("/websites/{websiteId}/apikeys").to(direct(API_KEY_CREATE))
                .delete("/websites/{websiteId}/apikeys/{keyId}").to(direct(API_KEY_DELETE))
                .get("/websites/{websiteId}/templates").to(direct(TEMPLATES_LIST))
                .get("/websites/{websiteId}/templates/{templateId}").to(direct(TEMPLATE_GET))
                .put("/websites/{websiteId}/templates/{templateId}").to(direct(TEMPLATE_PUT))
                .delete("/websites/{websiteId}/templates/{templateId}").to(direct(TEMPLATE_DELETE))
                .get("/dead-letters").to(direct(DEAD_LETTERS_LIST))
                .post("/dead-letters/replay").to(direct(DEAD_LETTERS_REPLAY))
                .get("/dead-letters/{deadLetterId}").to(direct(DEAD_LETTER_GET))
                .delete("/dead-letters/{deadLetterId}").to(direct(DEAD_LETTER_DELETE))
                .post("/dead-letters/{deadLetterId}/replay").to(direct(DEAD_LETTER_REPLAY))
                .get("/notifications").to(direct(NOTIFICATIONS_LIST))
                .post("/notifications/retry-now").to(direct(NOTIFICATIONS_RETRY_NOW))
                .get("/notifications/{notificationId}").to(direct(NOTIFICATION_GET));

        // --- websites
        from(direct(WEBSITES_LIST)).routeId(WEBSITES_LIST)
                .setBody(method(store, "websites"))
                .bean(replies, "ok");

        from(direct(WEBSITE_GET)).routeId(WEBSITE_GET)
                .setBody(method(store, "website"))
                .bean(replies, "ok");

        from(direct(WEBSITE_PUT)).routeId(WEBSITE_PUT)
                .to(WEBSITE_SCHEMA)
                .setProperty(Hsm.ADMIN_CREATED, method(store, "putWebsite"))
                .setBody(method(store, "website"))
                .bean(replies, "saved");

        from(direct(WEBSITE_DELETE)).routeId(WEBSITE_DELETE)
                .bean(store, "deleteWebsite")
                .bean(replies, "noContent");

        // --- a website's api keys
        from(direct(API_KEYS_LIST)).routeId(API_KEYS_LIST)
                .bean(store, "requireWebsite")
                .setBody(method(store, "apiKeys"))
                .bean(replies, "ok");

        from(direct(API_KEY_CREATE)).routeId(API_KEY_CREATE)
                .bean(store, "requireWebsite")
                .setBody(method(store, "createApiKey"))
                .bean(replies, "created");

        from(direct(API_KEY_DELETE)).routeId(API_KEY_DELETE)
                .bean(store, "deleteApiKey")
                .bean(replies, "noContent");

        // --- a website's templates
        from(direct(TEMPLATES_LIST)).routeId(TEMPLATES_LIST)
                .bean(store, "requireWebsite")
                .setBody(method(store, "templates"))
                .bean(replies, "ok");

        from(direct(TEMPLATE_GET)).routeId(TEMPLATE_GET)
                .setBody(method(store, "template"))
                .bean(replies, "ok");

        from(direct(TEMPLATE_PUT)).routeId(TEMPLATE_PUT)
                .bean(store, "requireWebsite") // an unknown website is NOT_FOUND whatever the body
                .to(TEMPLATE_SCHEMA)
                .setProperty(Hsm.ADMIN_CREATED, method(store, "putTemplate"))
                .setBody(method(store, "template"))
                .bean(replies, "saved");

        from(direct(TEMPLATE_DELETE)).routeId(TEMPLATE_DELETE)
                .bean(store, "deleteTemplate")
                .bean(replies, "noContent");

        // --- dead letters
        from(direct(DEAD_LETTERS_LIST)).routeId(DEAD_LETTERS_LIST)
                .setBody(method(deadLetters, "filters"))
                .setBody(method(deadLetters, "find"))
                .bean(replies, "ok");

        from(direct(DEAD_LETTERS_REPLAY)).routeId(DEAD_LETTERS_REPLAY)
                .setBody(method(deadLetters, "filters"))
                .setBody(method(deadLetters, "replayAll"))
                .bean(replies, "ok");

        from(direct(DEAD_LETTER_GET)).routeId(DEAD_LETTER_GET)
                .setBody(method(deadLetters, "get"))
                .bean(replies, "ok");

        from(direct(DEAD_LETTER_DELETE)).routeId(DEAD_LETTER_DELETE)
                .bean(deadLetters, "delete")
                .bean(replies, "noContent");

        from(direct(DEAD_LETTER_REPLAY)).routeId(DEAD_LETTER_REPLAY)
                .setBody(method(deadLetters, "replay"))
                .bean(replies, "ok");

        // --- notifications
        from(direct(NOTIFICATIONS_LIST)).routeId(NOTIFICATIONS_LIST)
                .setBody(method(store, "notifications"))
                .bean(replies, "ok");

        from(direct(NOTIFICATIONS_RETRY_NOW)).routeId(NOTIFICATIONS_RETRY_NOW)
                .setBody(method(store, "retryNow"))
                .bean(replies, "ok");

        from(direct(NOTIFICATION_GET)).routeId(NOTIFICATION_GET)
                .setBody(method(store, "notification"))
                .bean(replies, "ok");
    }

    private static String direct(String operation) {
        return "direct:" + operation;
    }
}
