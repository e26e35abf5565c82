package io.hsmgateway.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import org.apache.camel.support.service.ServiceSupport;

import java.util.concurrent.TimeUnit;

/**
 * The sandbox's stand-in for the Cloud API messages endpoint, on a loopback port of its own, served by
 * an event loop of its own: like the real API it is another server, so a burst of notifications waiting
 * on it never starves it of the gateway's HTTP worker threads. Paths: {@code POST /{version}/{phoneNumberId}/messages},
 * and {@code GET /{version}/{wabaId}/message_templates} (the sandbox account's templates, {@link SandboxTemplates}).
 */
public class SandboxServer extends ServiceSupport {

    /** Path of the built-in WhatsApp sandbox's endpoints. */
    public static final String PATH = "/sandbox/whatsapp";

    private final SandboxInbox inbox;
    private final SandboxStatuses statuses;
    private final SandboxTemplates templates;
    private Vertx vertx;
    private HttpServer server;

    public SandboxServer(SandboxInbox inbox, SandboxStatuses statuses, SandboxTemplates templates) {
        this.inbox = inbox;
        this.statuses = statuses;
        this.templates = templates;
    }

    /** Starts listening on a free loopback port; returns the base URL to deliver to. */
    public String listen() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        server = vertx.createHttpServer().requestHandler(this::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        statuses.start(vertx);
        return "http://127.0.0.1:" + server.actualPort() + PATH;
    }

    private void handle(HttpServerRequest request) {
        // /sandbox/whatsapp/{version}/{phoneNumberId}/messages, /sandbox/whatsapp/{version}/{wabaId}/message_templates
        String[] path = request.path().split("/");
        if ("GET".equals(request.method().name()) && path.length == 6 && "message_templates".equals(path[5])) {
            try {
                answer(request, templates.page(request.getHeader("Authorization"), request.absoluteURI().split("\\?")[0],
                        request.getParam("limit"), request.getParam("after")));
            } catch (Exception e) {
                answer(request, new SandboxInbox.Reply(500, "{\"error\":{\"message\":\"Listing failed\",\"code\":1}}"));
            }
            return;
        }
        if (!"POST".equals(request.method().name()) || path.length != 6 || !"messages".equals(path[5])) {
            answer(request, new SandboxInbox.Reply(404, "{\"error\":{\"message\":\"Unknown path\",\"code\":100}}"));
            return;
        }
        request.body().onSuccess(body -> {
            try {
                SandboxInbox.Reply reply = inbox.receive(path[4], request.getHeader("Authorization"), body.toString());
                answer(request, reply);
                if (reply.wamid() != null) {
                    statuses.accepted(reply.wamid(), reply.recipient(), reply.callbackData());
                }
            } catch (Exception e) {
                answer(request, new SandboxInbox.Reply(400, "{\"error\":{\"message\":\"Invalid JSON\",\"code\":100}}"));
            }
        });
    }

    private static void answer(HttpServerRequest request, SandboxInbox.Reply reply) {
        request.response().setStatusCode(reply.status()).putHeader("Content-Type", "application/json").end(reply.body());
    }

    @Override
    protected void doStop() throws Exception {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
