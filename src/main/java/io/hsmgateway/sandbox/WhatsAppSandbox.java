package io.hsmgateway.sandbox;

import io.hsmgateway.config.GatewaySettings;
import org.apache.camel.builder.RouteBuilder;

/**
 * The built-in WhatsApp sandbox, mounted when no Cloud API address is configured: the gateway delivers
 * to it over real HTTP, and {@code GET /sandbox/whatsapp/messages} lists what it received.
 */
public class WhatsAppSandbox extends RouteBuilder {

    private final SandboxInbox inbox;

    public WhatsAppSandbox(SandboxInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public void configure() {
        from("platform-http:" + GatewaySettings.SANDBOX_PATH + "/{version}/{phoneNumberId}/messages?httpMethodRestrict=POST")
                .routeId("sandbox-messages")
                .bean(inbox, "receive");

        from("platform-http:" + GatewaySettings.SANDBOX_PATH + "/messages?httpMethodRestrict=GET")
                .routeId("sandbox-inbox")
                .bean(inbox, "list");
    }
}
