package io.hsmgateway.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hsmgateway.config.GatewaySettings;
import org.apache.camel.support.service.ServiceSupport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The sandbox's stand-in for the Cloud API messages endpoint, on a loopback port of its own with threads
 * of its own: like the real API it is another server, so a burst of notifications waiting on it can
 * never starve it of the gateway's HTTP worker threads.
 * Path: {@code POST /{version}/{phoneNumberId}/messages}.
 */
public class SandboxServer extends ServiceSupport {

    private final SandboxInbox inbox;
    private HttpServer server;
    private ExecutorService threads;

    public SandboxServer(SandboxInbox inbox) {
        this.inbox = inbox;
    }

    /** Starts listening on a free loopback port; returns the base URL to deliver to. */
    public String listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        threads = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "whatsapp-sandbox");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + GatewaySettings.SANDBOX_PATH;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            // /sandbox/whatsapp/{version}/{phoneNumberId}/messages
            String[] path = exchange.getRequestURI().getPath().split("/");
            SandboxInbox.Reply reply;
            if (!"POST".equals(exchange.getRequestMethod()) || path.length != 6 || !"messages".equals(path[5])) {
                reply = new SandboxInbox.Reply(404, "{\"error\":{\"message\":\"Unknown path\",\"code\":100}}");
            } else {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                reply = inbox.receive(path[4], exchange.getRequestHeaders().getFirst("Authorization"), body);
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    protected void doStop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
