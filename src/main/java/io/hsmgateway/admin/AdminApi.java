package io.hsmgateway.admin;

import io.hsmgateway.Hsm;
import io.hsmgateway.templatesync.TemplateSyncRoutes;
import org.apache.camel.builder.RouteBuilder;


/**
 * The admin API for websites, their API keys and templates, notification status, dead letters and status callbacks, behind the
 * bearer token {@code hsm.admin.token} ({@link AdminToken}, checked once ahead of every operation). Only mounted
 * when a token is configured. In the REST DSL, one route per operation, named by its route id; the work is done by
 * {@link AdminStore}, {@link DeadLetters}, {@link StatusCallbacks} and the template sync ({@link TemplateSyncRoutes}), the answer written by {@link AdminReplies}. Errors (a wrong token, an
 * unknown id, an invalid body or query) use the notifications API's envelope, through the one error handler.
 * Every parameter is checked by one rule ahead of each operation ({@link AdminParameters}). A method a path does
 * not offer is answered 405 (the envelope, a true Allow) before the token is looked at (http.PathsAndMethods).
 */
public class AdminApi extends RouteBuilder {

    static final String WEBSITE_SCHEMA = "json-validator:schemas/admin-website.schema.json";
    static final String TEMPLATE_SCHEMA = "json-validator:schemas/admin-template.schema.json";
    static final String CALLBACK_SCHEMA = "json-validator:schemas/admin-callback.schema.json";
    static final String ALIAS_SCHEMA = "json-validator:schemas/admin-template-alias.schema.json";

    // path parameters
    static final String WEBSITE_ID = "websiteId";
    static final String KEY_ID = "keyId";
    static final String TEMPLATE_ID = "templateId";
    static final String DEAD_LETTER_ID = "deadLetterId";
    static final String NOTIFICATION_ID = "notificationId";
    static final String CALLBACK_ID = "callbackId";
    // query parameters (and websiteId)
    static final String STATUS = "status";
    static final String CHANNEL = "channel";
    static final String SINCE = "since";
    static final String LIMIT = "limit";
    static final String OFFSET = "offset";
    static final String STATE = "state";
    /** A single replay of a dead letter replayed already: only with again=true. */
    static final String AGAIN = "again";

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
    public static final String TEMPLATES_SYNC = "admin-templates-sync";
    public static final String TEMPLATE_ALIAS_PUT = "admin-template-alias-put";
    public static final String TEMPLATE_ALIAS_DELETE = "admin-template-alias-delete";
    public static final String DEAD_LETTERS_LIST = "admin-dead-letters-list";
    public static final String DEAD_LETTERS_REPLAY = "admin-dead-letters-replay";
    public static final String DEAD_LETTER_GET = "admin-dead-letter-get";
    public static final String DEAD_LETTER_DELETE = "admin-dead-letter-delete";
    public static final String DEAD_LETTER_REPLAY = "admin-dead-letter-replay";
    public static final String NOTIFICATIONS_LIST = "admin-notifications-list";
    public static final String NOTIFICATIONS_RETRY_NOW = "admin-notifications-retry-now";
    public static final String NOTIFICATION_GET = "admin-notification-get";
    public static final String CALLBACK_GET = "admin-callback-get";
    public static final String CALLBACK_PUT = "admin-callback-put";
    public static final String CALLBACK_DELETE = "admin-callback-delete";
    public static final String CALLBACKS_LIST = "admin-callbacks-list";
    public static final String CALLBACK_REPLAY = "admin-callback-replay";

    /** Registry names of the beans the operations call (bound by {@link AdminConfiguration}). */
    static final String TOKEN = "adminToken";
    static final String STORE = "adminStore";
    static final String DEAD_LETTERS = "deadLetters";
    static final String REPLIES = "adminReplies";
    static final String CALLBACKS = "statusCallbacks";
    static final String PARAMETERS = "adminParameters";

    @Override
    public void configure() {
        // ahead of every operation: interceptors of a RouteBuilder apply to its own routes only
        interceptFrom().bean(TOKEN, "check");

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
                .post("/websites/{websiteId}/templates/sync").to(direct(TEMPLATES_SYNC))
                .put("/websites/{websiteId}/templates/{templateId}/alias").to(direct(TEMPLATE_ALIAS_PUT))
                .delete("/websites/{websiteId}/templates/{templateId}/alias").to(direct(TEMPLATE_ALIAS_DELETE))
                .get("/dead-letters").to(direct(DEAD_LETTERS_LIST))
                .post("/dead-letters/replay").to(direct(DEAD_LETTERS_REPLAY))
                .get("/dead-letters/{deadLetterId}").to(direct(DEAD_LETTER_GET))
                .delete("/dead-letters/{deadLetterId}").to(direct(DEAD_LETTER_DELETE))
                .post("/dead-letters/{deadLetterId}/replay").to(direct(DEAD_LETTER_REPLAY))
                .get("/notifications").to(direct(NOTIFICATIONS_LIST))
                .post("/notifications/retry-now").to(direct(NOTIFICATIONS_RETRY_NOW))
                .get("/notifications/{notificationId}").to(direct(NOTIFICATION_GET))
                .get("/websites/{websiteId}/callback").to(direct(CALLBACK_GET))
                .put("/websites/{websiteId}/callback").to(direct(CALLBACK_PUT))
                .delete("/websites/{websiteId}/callback").to(direct(CALLBACK_DELETE))
                .get("/callbacks").to(direct(CALLBACKS_LIST))
                .post("/callbacks/{callbackId}/replay").to(direct(CALLBACK_REPLAY));

        // --- websites
        operation(WEBSITES_LIST)
                .setBody(method(STORE, "websites"))
                .bean(REPLIES, "ok");

        operation(WEBSITE_GET)
                .setBody(method(STORE, "website"))
                .bean(REPLIES, "ok");

        operation(WEBSITE_PUT)
                .to(WEBSITE_SCHEMA)
                .setProperty(Hsm.ADMIN_CREATED, method(STORE, "putWebsite"))
                .setBody(method(STORE, "website"))
                .bean(REPLIES, "saved");

        operation(WEBSITE_DELETE)
                .bean(STORE, "deleteWebsite")
                .bean(REPLIES, "noContent");

        // --- a website's api keys
        operation(API_KEYS_LIST)
                .bean(STORE, "requireWebsite")
                .setBody(method(STORE, "apiKeys"))
                .bean(REPLIES, "ok");

        operation(API_KEY_CREATE)
                .bean(STORE, "requireWebsite")
                .setBody(method(STORE, "createApiKey"))
                .bean(REPLIES, "created");

        operation(API_KEY_DELETE)
                .bean(STORE, "deleteApiKey")
                .bean(REPLIES, "noContent");

        // --- a website's templates
        operation(TEMPLATES_LIST)
                .bean(STORE, "requireWebsite")
                .setBody(method(STORE, "templates"))
                .bean(REPLIES, "ok");

        operation(TEMPLATE_GET)
                .setBody(method(STORE, "template"))
                .bean(REPLIES, "ok");

        operation(TEMPLATE_PUT)
                .bean(STORE, "requireWebsite") // an unknown website is NOT_FOUND whatever the body
                .to(TEMPLATE_SCHEMA)
                .setProperty(Hsm.ADMIN_CREATED, method(STORE, "putTemplate"))
                .setBody(method(STORE, "template"))
                .bean(REPLIES, "saved");

        operation(TEMPLATE_DELETE)
                .bean(STORE, "deleteTemplate")
                .bean(REPLIES, "noContent");

        // the account's templates read now (TemplateSyncRoutes); the answer says what was added, changed and retired
        operation(TEMPLATES_SYNC)
                .setProperty(Hsm.WEBSITE_ID, header(WEBSITE_ID))
                .to(TemplateSyncRoutes.SYNC)
                .bean(REPLIES, "ok");

        operation(TEMPLATE_ALIAS_PUT)
                .bean(STORE, "requireWebsite") // an unknown website is NOT_FOUND whatever the body
                .to(ALIAS_SCHEMA)
                .setBody(method(STORE, "putTemplateAlias"))
                .bean(REPLIES, "ok");

        operation(TEMPLATE_ALIAS_DELETE)
                .bean(STORE, "deleteTemplateAlias")
                .bean(REPLIES, "noContent");

        // --- dead letters
        operation(DEAD_LETTERS_LIST)
                .setBody(method(DEAD_LETTERS, "filters"))
                .setBody(method(DEAD_LETTERS, "find"))
                .bean(REPLIES, "ok");

        operation(DEAD_LETTERS_REPLAY)
                .setBody(method(DEAD_LETTERS, "filters"))
                .setBody(method(DEAD_LETTERS, "replayAll"))
                .bean(REPLIES, "ok");

        operation(DEAD_LETTER_GET)
                .setBody(method(DEAD_LETTERS, "get"))
                .bean(REPLIES, "ok");

        operation(DEAD_LETTER_DELETE)
                .bean(DEAD_LETTERS, "delete")
                .bean(REPLIES, "noContent");

        operation(DEAD_LETTER_REPLAY)
                .setBody(method(DEAD_LETTERS, "replay"))
                .bean(REPLIES, "ok");

        // --- notifications
        operation(NOTIFICATIONS_LIST)
                .setBody(method(STORE, "notifications"))
                .bean(REPLIES, "ok");

        operation(NOTIFICATIONS_RETRY_NOW)
                .setBody(method(STORE, "retryNow"))
                .bean(REPLIES, "ok");

        operation(NOTIFICATION_GET)
                .setBody(method(STORE, "notification"))
                .bean(REPLIES, "ok");

        // --- a website's status callback, and the callbacks' queue
        operation(CALLBACK_GET)
                .setBody(method(CALLBACKS, "get"))
                .bean(REPLIES, "ok");

        operation(CALLBACK_PUT)
                .bean(STORE, "requireWebsite") // an unknown website is NOT_FOUND whatever the body
                .to(CALLBACK_SCHEMA)
                .setBody(method(CALLBACKS, "put"))
                .bean(REPLIES, "saved");

        operation(CALLBACK_DELETE)
                .bean(CALLBACKS, "delete")
                .bean(REPLIES, "noContent");

        operation(CALLBACKS_LIST)
                .setBody(method(CALLBACKS, "list"))
                .bean(REPLIES, "ok");

        operation(CALLBACK_REPLAY)
                .setBody(method(CALLBACKS, "replay"))
                .bean(REPLIES, "ok");
    }

    /** The operation's own route, its parameters checked first ({@link AdminParameters}). */
    private org.apache.camel.model.RouteDefinition operation(String operation) {
        return from(direct(operation)).routeId(operation)
                .bean(PARAMETERS, "check(${exchange}, '" + operation + "')");
    }

    private static String direct(String operation) {
        return "direct:" + operation;
    }
}
