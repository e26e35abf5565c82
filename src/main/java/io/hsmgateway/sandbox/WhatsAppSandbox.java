package io.hsmgateway.sandbox;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Lists what the built-in WhatsApp sandbox received: {@code GET /sandbox/whatsapp/messages} on the
 * gateway's port. (Messages themselves are delivered to {@link SandboxServer}.)
 */
public class WhatsAppSandbox extends RouteBuilder {

    private final SandboxInbox inbox;

    public WhatsAppSandbox(SandboxInbox inbox) {
        this.inbox = inbox;
    }

    @Override
    public void configure() {
        from("platform-http:" + SandboxServer.PATH + "/messages?httpMethodRestrict=GET")
                .routeId("sandbox-inbox")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                .setBody(method(inbox, "list"));
    }
}
