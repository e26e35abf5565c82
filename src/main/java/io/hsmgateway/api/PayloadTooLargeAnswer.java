package io.hsmgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.StartupListener;
import org.apache.camel.component.platform.http.main.MainHttpServer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body limits of the HTTP port (camel.server.max-body-size = hsm.request.max-bytes for the REST door, the admin
 * API and the YAML doors; hsm.whatsapp.webhook.max-bytes for WhatsApp's webhook, {@link BodyLimits}) are enforced by Vert.x's body handler
 * without buffering past them: a Content-Length over the limit is refused before the body is read, a chunked body
 * as soon as what arrived exceeds it. It fails the request with a bare 413; this answers that 413 with the API's
 * envelope instead (naming the limit of the request's path), then closes the connection, so a peer that keeps
 * sending cannot hold it.
 */
public final class PayloadTooLargeAnswer implements Handler<RoutingContext> {

    private static final long LINGER_MILLIS = 2000;
    private static final long LINGER_BYTES = 16L * 1024 * 1024;

    private final ObjectMapper json;
    private final long serverLimit;
    private final Map<Long, String> envelopes = new ConcurrentHashMap<>();

    private PayloadTooLargeAnswer(ObjectMapper json, long serverLimit) {
        this.json = json;
        this.serverLimit = serverLimit;
    }

    /** Installs the answer on the HTTP server's router once it exists (it is created when Camel starts). */
    public static void install(CamelContext context, ObjectMapper json) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server == null || server.getMaxBodySize() == null) {
                return; // no HTTP server, or no limit to answer for
            }
            // a failure handler runs for a failed request whatever the order its route was added in
            server.getRouter().route().failureHandler(new PayloadTooLargeAnswer(json, server.getMaxBodySize()));
        });
    }

    private static String envelope(ObjectMapper json, long maxBytes) {
        try {
            return json.writeValueAsString(ApiResponse.of(ApiCode.PAYLOAD_TOO_LARGE, Map.of("maxBytes", maxBytes)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void handle(RoutingContext routing) {
        if (routing.statusCode() != 413 || routing.response().headWritten()) {
            routing.next();
            return;
        }
        long limit = BodyLimits.limitOf(routing);
        String envelope = envelopes.computeIfAbsent(limit < 0 ? serverLimit : limit, max -> envelope(json, max));
        boolean http1 = routing.request().version() != HttpVersion.HTTP_2;
        if (http1) {
            routing.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        routing.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(envelope)
                // on HTTP/1.x the connection cannot be reused, so it ends (HTTP/2 ended the stream alone)
                .onComplete(done -> {
                    if (http1) {
                        closeLingering(routing);
                    }
                });
    }

    /**
     * Closing with the peer's bytes still unread resets the connection, and a client still sending (curl with a
     * large chunked body) may then see the reset before our answer. So what it still sends is read and dropped
     * for a moment, at most {@link #LINGER_BYTES} and {@link #LINGER_MILLIS}, as web servers do (lingering close):
     * a peer that never stops talking still loses the connection within that time.
     */
    private static void closeLingering(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        HttpConnection connection = request.connection();
        if (request.isEnded()) {
            connection.close();
            return;
        }
        long[] dropped = {0};
        routing.vertx().setTimer(LINGER_MILLIS, timeUp -> connection.close());
        request.handler(chunk -> {
            dropped[0] += chunk.length();
            if (dropped[0] > LINGER_BYTES) {
                connection.close();
            }
        });
        request.endHandler(ended -> connection.close());
        request.resume();
    }
}
