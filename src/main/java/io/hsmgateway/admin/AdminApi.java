package io.hsmgateway.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsmgateway.api.ApiCode;
import io.hsmgateway.api.ApiResponse;
import io.hsmgateway.api.RejectedException;
import io.hsmgateway.config.GatewaySettings;
import io.hsmgateway.pipeline.NotificationSink;
import io.hsmgateway.secrets.AccessTokenCipher;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.builder.RouteBuilder;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The admin API for websites, their API keys and templates, notification status and dead letters, behind the
 * bearer token {@code hsm.admin.token}. Only mounted when a token is configured. Errors use the
 * notifications API's envelope (through the one error handler).
 */
public class AdminApi extends RouteBuilder {

    static final String WEBSITE_SCHEMA = "json-validator:schemas/admin-website.schema.json";
    static final String TEMPLATE_SCHEMA = "json-validator:schemas/admin-template.schema.json";

    private final byte[] adminToken;
    private final ObjectMapper json;
    private final AccessTokenCipher accessTokens;
    private AdminStore store;
    private DeadLetters deadLetters;

    public AdminApi(GatewaySettings settings, ObjectMapper json, AccessTokenCipher accessTokens) {
        this.adminToken = ("Bearer " + settings.adminToken()).getBytes(StandardCharsets.UTF_8);
        this.json = json;
        this.accessTokens = accessTokens;
    }

    @Override
    public void configure() {
        DataSource dataSource = getContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        store = new AdminStore(dataSource, json, accessTokens);
        deadLetters = new DeadLetters(dataSource, getContext(),
                getContext().getRegistry().lookupByNameAndType(NotificationSink.BEAN_NAME, NotificationSink.class));

        from(admin("/admin/websites", "GET")).routeId("admin-websites")
                .process(this::authorize)
                .process(e -> reply(e, 200, store.websites()));

        from(admin("/admin/websites/{websiteId}", "GET,PUT,DELETE")).routeId("admin-website")
                .process(this::authorize)
                .choice()
                    .when(httpMethod("PUT"))
                        .to(WEBSITE_SCHEMA)
                        .process(e -> {
                            boolean created = store.putWebsite(websiteId(e), body(e));
                            reply(e, created ? 201 : 200, store.website(websiteId(e)));
                        })
                    .when(httpMethod("GET"))
                        .process(e -> reply(e, 200, existingWebsite(e)))
                    .otherwise()
                        .process(e -> deleted(e, store.deleteWebsite(websiteId(e)), "website " + websiteId(e)));

        from(admin("/admin/websites/{websiteId}/apikeys", "GET,POST")).routeId("admin-apikeys")
                .process(this::authorize)
                .process(this::existingWebsite)
                .choice()
                    .when(httpMethod("POST"))
                        .process(e -> reply(e, 201, store.createApiKey(websiteId(e))))
                    .otherwise()
                        .process(e -> reply(e, 200, store.apiKeys(websiteId(e))));

        from(admin("/admin/websites/{websiteId}/apikeys/{keyId}", "DELETE")).routeId("admin-apikey")
                .process(this::authorize)
                .process(e -> deleted(e, store.deleteApiKey(websiteId(e), header(e, "keyId")), "api key " + header(e, "keyId")));

        from(admin("/admin/websites/{websiteId}/templates", "GET")).routeId("admin-templates")
                .process(this::authorize)
                .process(this::existingWebsite)
                .process(e -> reply(e, 200, store.templates(websiteId(e))));

        from(admin("/admin/websites/{websiteId}/templates/{templateId}", "GET,PUT,DELETE")).routeId("admin-template")
                .process(this::authorize)
                .choice()
                    .when(httpMethod("PUT"))
                        .process(this::existingWebsite)
                        .to(TEMPLATE_SCHEMA)
                        .process(e -> {
                            boolean created = store.putTemplate(websiteId(e), header(e, "templateId"), body(e));
                            reply(e, created ? 201 : 200, store.template(websiteId(e), header(e, "templateId")));
                        })
                    .when(httpMethod("GET"))
                        .process(e -> reply(e, 200, found(store.template(websiteId(e), header(e, "templateId")),
                                "template " + header(e, "templateId") + " for website " + websiteId(e))))
                    .otherwise()
                        .process(e -> deleted(e, store.deleteTemplate(websiteId(e), header(e, "templateId")),
                                "template " + header(e, "templateId") + " for website " + websiteId(e)));

        from(admin("/admin/dead-letters", "GET")).routeId("admin-dead-letters")
                .process(this::authorize)
                .process(e -> reply(e, 200, deadLetters.find(filters(e))));

        from(admin("/admin/dead-letters/replay", "POST")).routeId("admin-dead-letters-replay")
                .process(this::authorize)
                .process(e -> reply(e, 200, deadLetters.replayAll(filters(e))));

        from(admin("/admin/dead-letters/{deadLetterId}", "GET,DELETE")).routeId("admin-dead-letter")
                .process(this::authorize)
                .choice()
                    .when(httpMethod("GET"))
                        .process(e -> reply(e, 200, found(deadLetters.get(deadLetterId(e)), "dead letter " + deadLetterId(e))))
                    .otherwise()
                        .process(e -> deleted(e, deadLetters.delete(deadLetterId(e)), "dead letter " + deadLetterId(e)));

        from(admin("/admin/dead-letters/{deadLetterId}/replay", "POST")).routeId("admin-dead-letter-replay")
                .process(this::authorize)
                .process(e -> reply(e, 200, found(deadLetters.replay(deadLetterId(e)), "dead letter " + deadLetterId(e))));

        from(admin("/admin/notifications", "GET")).routeId("admin-notifications")
                .process(this::authorize)
                .process(e -> reply(e, 200, store.notifications(header(e, "websiteId"), header(e, "status"),
                        DeadLetters.count(e.getMessage().getHeader("limit"), "limit", 50),
                        DeadLetters.count(e.getMessage().getHeader("offset"), "offset", 0))));

        from(admin("/admin/notifications/retry-now", "POST")).routeId("admin-notifications-retry-now")
                .process(this::authorize)
                .process(e -> reply(e, 200, Map.of("due", store.retryNow(header(e, "websiteId")))));

        from(admin("/admin/notifications/{notificationId}", "GET")).routeId("admin-notification")
                .process(this::authorize)
                .process(e -> reply(e, 200, found(store.notification(header(e, "notificationId")),
                        "notification " + header(e, "notificationId"))));
    }

    private static String admin(String path, String methods) {
        return "platform-http:" + path + "?httpMethodRestrict=" + methods + "&muteException=true";
    }

    private void authorize(Exchange exchange) {
        String presented = exchange.getMessage().getHeader("Authorization", "", String.class);
        if (!MessageDigest.isEqual(adminToken, presented.getBytes(StandardCharsets.UTF_8))) {
            throw new RejectedException(ApiResponse.of(ApiCode.UNAUTHORIZED, "Invalid admin token", null));
        }
    }

    private Map<String, Object> existingWebsite(Exchange exchange) {
        return found(store.website(websiteId(exchange)), "website " + websiteId(exchange));
    }

    private static <T> T found(T resource, String what) {
        if (resource == null) {
            throw notFound(what);
        }
        return resource;
    }

    private static RejectedException notFound(String what) {
        return new RejectedException(ApiResponse.of(ApiCode.NOT_FOUND, "Cant find " + what, null));
    }

    private void deleted(Exchange exchange, boolean deleted, String what) {
        if (!deleted) {
            throw notFound(what);
        }
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    private void reply(Exchange exchange, int status, Object body) throws Exception {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody(json.writeValueAsString(body));
    }

    private JsonNode body(Exchange exchange) throws Exception {
        return json.readTree(exchange.getMessage().getBody(String.class));
    }

    private static String deadLetterId(Exchange exchange) {
        return header(exchange, "deadLetterId");
    }

    /** Dead-letter filters and paging from the query string. */
    private static Map<String, Object> filters(Exchange exchange) {
        Map<String, Object> filters = new HashMap<>();
        for (String name : List.of("websiteId", "channel", "since", "limit", "offset")) {
            String value = header(exchange, name);
            if (value != null && !value.isBlank()) {
                filters.put(name, value);
            }
        }
        return filters;
    }

    private static String websiteId(Exchange exchange) {
        return header(exchange, "websiteId");
    }

    private static String header(Exchange exchange, String name) {
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static Predicate httpMethod(String method) {
        return e -> method.equals(e.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
    }
}
