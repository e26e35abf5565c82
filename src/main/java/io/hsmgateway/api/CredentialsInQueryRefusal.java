package io.hsmgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Credentials are read from headers only. Camel's HTTP consumer turns query parameters into message headers,
 * so {@code ?apikey=...} or {@code ?Authorization=...} would pass for the header, and the key would end up in
 * proxies' and browsers' logs. Any path of the port with such a parameter is answered INVALID_BODY before a
 * route sees it.
 */
public final class CredentialsInQueryRefusal implements Handler<RoutingContext> {

    /**
     * Parameter names (any case) that carry a credential, ours or a habit from other APIs, and the signature headers
     * (WhatsApp's on the webhook; the gateway's own callback headers, should a route ever read them): a signature
     * taken from the query string would be a credential in every proxy's log.
     */
    static final Set<String> CREDENTIALS = Set.of("apikey", "api_key", "api-key", "authorization", "access_token", "token",
            "x-hub-signature-256", "x-hub-signature", "x-hsm-signature-256", "x-hsm-callback-secret");

    private final ObjectMapper json;

    private CredentialsInQueryRefusal(ObjectMapper json) {
        this.json = json;
    }

    /** Runs before every route of the HTTP server (installed once the server exists, when Camel starts). */
    public static void install(CamelContext context, ObjectMapper json) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server != null) {
                server.getRouter().route().order(Integer.MIN_VALUE).handler(new CredentialsInQueryRefusal(json));
            }
        });
    }

    @Override
    public void handle(RoutingContext routing) {
        String query = routing.request().query();
        if (query == null || query.isEmpty()) {
            routing.next();
            return;
        }
        String credential;
        try {
            credential = routing.queryParams().names().stream()
                    .filter(name -> CREDENTIALS.contains(name.toLowerCase(Locale.ROOT)))
                    .findFirst().orElse(null);
        } catch (RuntimeException undecodable) {
            credential = "query";
        }
        if (credential == null) {
            routing.next();
            return;
        }
        routing.response()
                .setStatusCode(ApiCode.INVALID_BODY.statusCode())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(envelope(credential));
    }

    private String envelope(String parameter) {
        JoiError error = JoiError.at(List.of(parameter), "object.unknown",
                "is not allowed in the query string: send credentials as headers", Map.of("child", parameter));
        try {
            return json.writeValueAsString(ApiResponse.of(ApiCode.INVALID_BODY, List.of(error)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
