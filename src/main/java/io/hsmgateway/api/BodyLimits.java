package io.hsmgateway.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;
import org.apache.camel.support.DefaultExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * A POST path with a body limit of its own. Camel 4.18's platform-http has one limit for the whole server
 * (camel.server.max-body-size = hsm.request.max-bytes, enforced by the Vert.x body handler Camel puts on each of
 * its routes), and once a body is read Camel's route can no longer take the request (Vert.x refuses to pause or
 * resume an HTTP/2 request that has ended). WhatsApp's webhook needs a larger limit (Meta batches up to 1,000
 * statuses in one POST), and only it. So its POST is taken here, ahead of Camel's routes: a Content-Length over the
 * limit is refused before the body is read, a body sent without one as soon as what arrived passes it, never buffered
 * past it; the bytes then go to the path's Camel route ({@code direct:}, on a worker thread), and its answer (status,
 * Content-Type, body) back to the caller. A refusal is answered by {@link PayloadTooLargeAnswer} with this limit
 * ({@link #limitOf}). Every other path keeps Camel's handler and the server's limit.
 */
public final class BodyLimits implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(BodyLimits.class);
    private static final String LIMIT = "hsmBodyLimit";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final long maxBytes;
    private final String route;

    private BodyLimits(CamelContext camel, long maxBytes, String route) {
        this.camel = camel;
        this.producer = camel.createProducerTemplate();
        this.maxBytes = maxBytes;
        this.route = route;
    }

    /**
     * Takes {@code POST path} with bodies up to {@code maxBytes} and hands each to {@code route} (a {@code direct:}
     * endpoint answering as a REST route does: body, Exchange.HTTP_RESPONSE_CODE, Content-Type), once the HTTP server
     * exists (it is created when Camel starts).
     */
    public static void install(CamelContext context, String path, long maxBytes, String route) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server != null) {
                // after the query-string credentials refusal (Integer.MIN_VALUE), before every route of Camel's
                server.getRouter().route(HttpMethod.POST, path).order(Integer.MIN_VALUE + 1)
                        .handler(new BodyLimits(camel, maxBytes, route));
            }
        });
    }

    /** The limit a request was held to here, or -1 (the server's limit applied). */
    static long limitOf(RoutingContext routing) {
        Long limit = routing.get(LIMIT);
        return limit == null ? -1 : limit;
    }

    @Override
    public void handle(RoutingContext routing) {
        routing.put(LIMIT, maxBytes);
        HttpServerRequest request = routing.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared)) {
            routing.fail(413);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBytes) {
                refused[0] = true;
                routing.fail(413);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(ended -> {
            if (!refused[0]) {
                answer(routing, body);
            }
        });
        request.exceptionHandler(routing::fail);
        request.resume();
    }

    private boolean exceeds(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > maxBytes;
        } catch (NumberFormatException notANumber) {
            return false; // Vert.x's HTTP codec refuses it before this
        }
    }

    private void answer(RoutingContext routing, Buffer body) {
        HttpServerRequest request = routing.request();
        routing.vertx().<Exchange>executeBlocking(() -> producer.send(route, exchange(request, body)), false)
                .onComplete(done -> {
                    if (done.failed()) {
                        routing.fail(done.cause());
                        return;
                    }
                    Exchange exchange = done.result();
                    if (exchange.getException() != null) {
                        LOG.error("{} {} failed", request.method(), request.path(), exchange.getException());
                        routing.fail(500);
                        return;
                    }
                    Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                    String contentType = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class);
                    String answer = exchange.getMessage().getBody(String.class);
                    if (contentType != null) {
                        routing.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType);
                    }
                    routing.response().setStatusCode(status == null ? 200 : status).end(answer == null ? "" : answer);
                });
    }

    /** The request as a platform-http route would see it: headers, the caller's address, the body's bytes. */
    private Exchange exchange(HttpServerRequest request, Buffer body) {
        Exchange exchange = new DefaultExchange(camel);
        request.headers().forEach(header -> exchange.getMessage().setHeader(header.getKey(), header.getValue()));
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, request.method().name());
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, request.path());
        exchange.getMessage().setHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS, request.remoteAddress());
        exchange.getMessage().setHeader(VertxPlatformHttpConstants.LOCAL_ADDRESS, request.localAddress());
        String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
        // a form is the map it becomes on every other path, which the API refuses as not JSON
        boolean form = contentType != null && (contentType.startsWith("application/x-www-form-urlencoded")
                || contentType.startsWith("multipart/form-data"));
        exchange.getMessage().setBody(form ? Map.of() : body.getBytes());
        return exchange;
    }
}
