package io.hsmgateway.config;

import io.vertx.core.Handler;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.impl.TCPServerBase;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.main.MainHttpServer;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's HTTP ports (hsm.http.port: REST door, admin API, YAML doors; hsm.management.port: health) as
 * Camel's platform-http server runs them, plus what Camel 4.18 leaves out:
 * <ul>
 *   <li>an idle timeout ({@code hsm.http.idle-timeout-ms}, see {@link HttpServerVertx});</li>
 *   <li>a port that cannot be listened on stops the start-up (Camel logs a warning and carries on, serving
 *       nothing), with one line naming the key and the port;</li>
 *   <li>a client that goes away mid-request (or is closed by the idle timeout) ends its request quietly:
 *       Vert.x Web would log each one at ERROR.</li>
 * </ul>
 * The REST DSL (the admin API) is served by this same platform-http server. Its configuration is context-wide, so it
 * is set here, once: no binding (bodies stay the JSON text the routes validate and write themselves) and, as for the
 * REST door, no stack trace to a caller should an exception ever get past the error handler.
 */
public final class HttpPorts {

    public static final String HTTP_PORT = "hsm.http.port";
    public static final String MANAGEMENT_PORT = "hsm.management.port";

    private static final Logger LOG = LoggerFactory.getLogger(HttpPorts.class);

    private HttpPorts() {
    }

    public static void configure(CamelContext context, GatewaySettings settings) throws Exception {
        // routes block a worker thread while WhatsApp answers: the pool bounds notifications in flight
        HttpServerVertx vertx = new HttpServerVertx(new VertxOptions().setWorkerPoolSize(settings.httpWorkerThreads()),
                settings.httpIdleTimeoutMs());
        // Camel reports a failed listen by throwing in Vert.x's callback, which Vert.x would log with a stack trace;
        // the start-up check below reports it instead, in one line
        vertx.exceptionHandler(failure -> {
            if (rootCause(failure) instanceof BindException) {
                LOG.debug("An HTTP port could not be listened on", failure);
            } else {
                LOG.error("Unhandled exception in an HTTP handler", failure);
            }
        });
        context.getRegistry().bind("httpServerVertx", vertx);
        RestConfiguration rest = context.getRestConfiguration();
        rest.setComponent(PlatformHttpConstants.PLATFORM_HTTP_COMPONENT_NAME);
        rest.setBindingMode(RestConfiguration.RestBindingMode.off);
        rest.setEndpointProperties(Map.of("muteException", true));
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopped(CamelContext stopped) {
                // Camel closes only a Vert.x it created itself; every service (the HTTP servers too) has stopped now
                vertx.close();
            }
        });
        context.addStartupListener((camel, alreadyStarted) -> {
            MainHttpServer server = camel.hasService(MainHttpServer.class);
            if (server != null) {
                server.getRouter().route().failureHandler(new ClientGoneAway());
            }
            checkListening(camel);
        });
    }

    /** Every HTTP server listens, or the start-up stops (before any route starts) naming its key and port. */
    private static void checkListening(CamelContext camel) throws VetoCamelContextStartException {
        Map<Integer, String> keys = new HashMap<>();
        ManagementHttpServer management = camel.hasService(ManagementHttpServer.class);
        if (management != null) {
            keys.put(management.getPort(), MANAGEMENT_PORT);
        }
        MainHttpServer main = camel.hasService(MainHttpServer.class);
        if (main != null) {
            keys.put(main.getPort(), HTTP_PORT);
        }
        for (VertxPlatformHttpServer server : camel.hasServices(VertxPlatformHttpServer.class)) {
            if (!listening(server.getServer())) {
                int port = server.getPort();
                String problem = StartupFailure.listenProblem(server.getHost(), port).orElse(" could not be listened on");
                throw new StartupFailure(keys.getOrDefault(port, "HTTP port") + " " + port + problem).vetoing();
            }
        }
    }

    /** Camel keeps the server of a failed listen (and its port): only Vert.x's server itself knows. */
    private static boolean listening(HttpServer server) {
        return !(server instanceof TCPServerBase tcp) || tcp.isListening();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    /** A request whose client closed the connection (or was closed for idling) cannot be answered: it just ends. */
    static final class ClientGoneAway implements Handler<RoutingContext> {
        @Override
        public void handle(RoutingContext routing) {
            if (routing.failure() instanceof HttpClosedException) {
                LOG.debug("{} {}: the client closed the connection before the request was complete",
                        routing.request().method(), routing.request().path());
                return;
            }
            routing.next();
        }
    }
}
