package io.hsmgateway.config;

import io.hsmgateway.http.MalformedRequestAnswer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.VertxWrapper;

import java.util.concurrent.TimeUnit;

/**
 * The Vert.x that runs the gateway's HTTP ports, giving every HTTP server it creates an idle timeout and the
 * envelope as the answer to a request it cannot read ({@link MalformedRequestAnswer}).
 * Camel 4.18's platform-http server builds its {@link HttpServerOptions} itself, with no idle timeout and no
 * key or hook to set one, but it takes its Vert.x from the registry: this is that Vert.x. {@link VertxWrapper}
 * is Vert.x's own base for a {@code Vertx} that changes one behaviour and delegates the rest.
 */
final class HttpServerVertx extends VertxWrapper {

    private final long idleTimeoutMs;

    HttpServerVertx(VertxOptions options, long idleTimeoutMs) {
        super((VertxInternal) Vertx.vertx(options));
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public HttpServer createHttpServer(HttpServerOptions options) {
        // nothing read or written for this long, in headers, body or between requests: the connection is closed
        return super.createHttpServer(new HttpServerOptions(options)
                .setIdleTimeout((int) Math.min(idleTimeoutMs, Integer.MAX_VALUE))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
                // a request it cannot read (headers or URI too large, broken framing): the envelope, not an empty body
                .invalidRequestHandler(new MalformedRequestAnswer());
    }

    @Override
    public HttpServer createHttpServer() {
        return createHttpServer(new HttpServerOptions());
    }
}
