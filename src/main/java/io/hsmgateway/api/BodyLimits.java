package io.hsmgateway.api;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.support.TempDirHelper;

import java.util.HashMap;
import java.util.Map;

/**
 * A body limit per path on the HTTP port. Camel 4.18's platform-http has one limit for the whole server
 * (camel.server.max-body-size): each of its routes reads the body with the handler its router's
 * {@code bodyHandler()} gives, Vert.x's body handler with that limit. WhatsApp's webhook needs a larger one than the
 * API (Meta batches up to 1,000 statuses in one POST). So the server's limit is the largest, and the router Camel's
 * routes look up is replaced, before they start, by one whose body handler holds each request to the limit of its
 * path: still Vert.x's body handler, configured as Camel configures its own, so a Content-Length over the limit is
 * refused before the body is read and a chunked body as soon as what arrived passes it, never buffered past it.
 * The refusal is answered by {@link PayloadTooLargeAnswer} with the limit of the path ({@link #limitOf}).
 */
public final class BodyLimits implements Handler<RoutingContext> {

    private static final String LIMIT = "hsmBodyLimit";

    private final long defaultLimit;
    private final Map<String, Long> pathLimits;
    private final Map<Long, Handler<RoutingContext>> handlers = new HashMap<>();

    private BodyLimits(CamelContext camel, VertxPlatformHttpServerConfiguration.BodyHandler config, long defaultLimit,
                       Map<String, Long> pathLimits) {
        this.defaultLimit = defaultLimit;
        this.pathLimits = Map.copyOf(pathLimits);
        handlers.put(defaultLimit, bodyHandler(camel, config, defaultLimit));
        pathLimits.values().forEach(limit -> handlers.computeIfAbsent(limit, l -> bodyHandler(camel, config, l)));
    }

    /**
     * Installs the limits once the HTTP server exists (it is created when Camel starts), before the routes start.
     *
     * @param defaultLimit every path's limit (hsm.request.max-bytes)
     * @param pathLimits   exact paths with a limit of their own
     */
    public static void install(CamelContext context, long defaultLimit, Map<String, Long> pathLimits) throws Exception {
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server == null) {
                return;
            }
            long largest = pathLimits.values().stream().mapToLong(Long::longValue).reduce(defaultLimit, Math::max);
            if (server.getMaxBodySize() == null || server.getMaxBodySize() < largest) {
                throw new IllegalStateException("camel.server.max-body-size=" + server.getMaxBodySize()
                        + " is under the largest body limit, " + largest);
            }
            BodyLimits limits = new BodyLimits(camel, server.getBodyHandler(), defaultLimit, pathLimits);
            for (Map.Entry<String, VertxPlatformHttpRouter> bound
                    : camel.getRegistry().findByTypeWithName(VertxPlatformHttpRouter.class).entrySet()) {
                VertxPlatformHttpRouter router = bound.getValue();
                if (router.isMainServer()) {
                    camel.getRegistry().bind(bound.getKey(), new VertxPlatformHttpRouter(router.getServer(), router.vertx(),
                            router, router.getName(), router.getServerType()) {
                        @Override
                        public Handler<RoutingContext> bodyHandler() {
                            return limits;
                        }
                    });
                }
            }
        });
    }

    /** The limit a request was held to (its path's), or -1 if it did not come through here. */
    static long limitOf(RoutingContext routing) {
        Long limit = routing.get(LIMIT);
        return limit == null ? -1 : limit;
    }

    @Override
    public void handle(RoutingContext routing) {
        long limit = pathLimits.getOrDefault(routing.normalizedPath(), defaultLimit);
        routing.put(LIMIT, limit);
        // as Camel's own body handler does: its consumer paused the request
        routing.request().resume();
        handlers.get(limit).handle(routing);
    }

    /** As Camel makes its own (VertxPlatformHttpServerSupport.createBodyHandler), with another limit. */
    private static Handler<RoutingContext> bodyHandler(CamelContext camel, VertxPlatformHttpServerConfiguration.BodyHandler config,
                                                       long limit) {
        BodyHandler handler = BodyHandler.create(config.isHandleFileUploads())
                .setBodyLimit(limit)
                .setDeleteUploadedFilesOnEnd(config.isDeleteUploadedFilesOnEnd())
                .setMergeFormAttributes(config.isMergeFormAttributes())
                .setPreallocateBodyBuffer(config.isPreallocateBodyBuffer());
        if (config.isHandleFileUploads()) {
            handler.setUploadsDirectory(TempDirHelper.resolveTempDir(camel, "${java.io.tmpdir}/camel/camel-tmp-#uuid#/",
                    config.getUploadsDirectory()));
        }
        return handler;
    }
}
