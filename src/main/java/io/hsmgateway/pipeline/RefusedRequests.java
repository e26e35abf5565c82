package io.hsmgateway.pipeline;

import io.hsmgateway.observe.GatewayMeters;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;

/**
 * Which API a request that is not a notification was refused by: the admin API, the WhatsApp webhook, or another
 * HTTP path. Read from where the exchange came in (the answer has replaced the request's headers by then): its
 * route (admin-*, webhook-*) or the HTTP path its endpoint listens on.
 */
final class RefusedRequests {

    private RefusedRequests() {
    }

    static GatewayMeters.Refuser of(Exchange exchange) {
        String route = exchange.getFromRouteId() == null ? "" : exchange.getFromRouteId();
        Endpoint endpoint = exchange.getFromEndpoint();
        String uri = endpoint == null ? "" : endpoint.getEndpointUri();
        if (route.startsWith("admin-") || uri.startsWith("platform-http:///admin")) {
            return GatewayMeters.Refuser.ADMIN;
        }
        if (route.startsWith("webhook-") || uri.startsWith("platform-http:///webhooks/")) {
            return GatewayMeters.Refuser.WEBHOOK;
        }
        return GatewayMeters.Refuser.OTHER;
    }
}
